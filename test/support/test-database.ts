import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createCursorCodec, createDynamoDbClient, createItemStore, loadConfig, type Config, type ItemStore } from '@picus/core';
import { ensureTable } from '@picus/infra';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '@picus/infra/local';
import { randomUUID } from 'node:crypto';

export interface TestDatabase {
  readonly dynamodb: EmbeddedDynamoDb;
  /** The config a handler would parse, pointed at this database and table. */
  readonly config: Readonly<Config>;
  readonly tableName: string;
  /** A store over a fresh DynamoDB client, as a handler process builds it. */
  createStore(): ItemStore;
  stop(): Promise<void>;
}

/**
 * Starts an in-memory embedded DynamoDB on a free port with the items table created from the
 * topology (under a unique name, so tests that share a server never see each other's items).
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const dynamodb = await startEmbeddedDynamoDb();
  const tableName = `picus-test-${randomUUID().slice(0, 8)}`;
  const config = loadConfig({ DYNAMODB_ENDPOINT: dynamodb.endpoint, DYNAMODB_TABLE_NAME: tableName, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const admin = new DynamoDBClient({ region: config.AWS_REGION, endpoint: dynamodb.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(admin, { name: tableName });
  admin.destroy();
  return {
    dynamodb,
    config,
    tableName,
    createStore: () =>
      createItemStore({ client: createDynamoDbClient(config), tableName, cursors: createCursorCodec(config.CURSOR_SECRET) }),
    stop: () => dynamodb.stop(),
  };
}
