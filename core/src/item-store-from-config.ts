import type { Config } from './config.js';
import { createCursorCodec } from './cursor.js';
import { createDynamoDbClient } from './dynamodb-client.js';
import { createItemStore, type ItemStore } from './item-store.js';

/**
 * The item store a handler process runs on, wired from its config: the DynamoDB client with the
 * config's endpoint and timeouts, the table, and the cursor key. Every process (the api, the
 * Lambda, the quick try, tests) builds its store through this one function.
 */
export function createItemStoreFromConfig(config: Readonly<Config>): ItemStore {
  return createItemStore({
    client: createDynamoDbClient(config),
    tableName: config.DYNAMODB_TABLE_NAME,
    cursors: createCursorCodec(config.CURSOR_SECRET),
  });
}
