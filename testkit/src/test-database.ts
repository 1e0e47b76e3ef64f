import { ensureLocalTable, startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '@picus/infra';
import { randomUUID } from 'node:crypto';

export interface TestDatabase {
  readonly dynamodb: EmbeddedDynamoDb;
  readonly tableName: string;
  /**
   * The environment a handler process would be given to use this database and table: pass it to
   * core's `loadConfig` to get the config a handler parses.
   */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

/**
 * Starts an in-memory embedded DynamoDB on a free port with the items table created from the
 * topology (under a unique name, so tests that share a server never see each other's items).
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const dynamodb = await startEmbeddedDynamoDb();
  const tableName = `picus-test-${randomUUID().slice(0, 8)}`;
  await ensureLocalTable(dynamodb.endpoint, { name: tableName });
  return {
    dynamodb,
    tableName,
    env: Object.freeze({ DYNAMODB_ENDPOINT: dynamodb.endpoint, DYNAMODB_TABLE_NAME: tableName, NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    stop: () => dynamodb.stop(),
  };
}
