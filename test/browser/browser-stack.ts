import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbClient, loadConfig } from '@picus/core';
import { startEmbeddedStack } from '@picus/local';

export interface BrowserStack {
  /** The ALB emulator: the only URL the browser uses, as a user's would. */
  readonly routerUrl: string;
  /** Reads DynamoDB directly, to check what the page did without asking the API under test. */
  itemExists(id: string): Promise<boolean>;
  stop(): Promise<void>;
}

/** A fresh embedded stack on free ports (needs the bundles: `make build`). */
export async function startBrowserStack(): Promise<BrowserStack> {
  const stack = await startEmbeddedStack();
  const client = createDynamoDbClient(loadConfig({ DYNAMODB_ENDPOINT: stack.dynamodbEndpoint, DYNAMODB_TABLE_NAME: stack.tableName }));
  return {
    routerUrl: stack.routerUrl,
    itemExists: async (id) => (await client.send(new GetCommand({ TableName: stack.tableName, Key: { id } }))).Item !== undefined,
    stop: async () => {
      client.destroy();
      await stack.stop();
    },
  };
}
