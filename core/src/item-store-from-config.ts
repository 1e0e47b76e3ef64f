import { callBudgetMs } from './call-budget.js';
import type { Config } from './config.js';
import { createCursorCodec } from './cursor.js';
import { createDynamoDbBaseClient } from './dynamodb-client.js';
import { createItemStore, type ItemStore } from './item-store.js';

/**
 * The item store a handler process runs on, wired from its config: the DynamoDB client with the
 * config's endpoint and timeouts (the base client: the store marshals items itself), each call's
 * time budget, the table, and the cursor key. Every process (the api, the Lambda, the quick try,
 * tests) builds its store through this one function.
 */
export function createItemStoreFromConfig(config: Readonly<Config>, options: { maxHoldMs?: number } = {}): ItemStore {
  return createItemStore({
    client: createDynamoDbBaseClient(config),
    tableName: config.DYNAMODB_TABLE_NAME,
    cursors: createCursorCodec(config.CURSOR_SECRET),
    budgetMs: callBudgetMs(config),
    batchGetMaxBytes: config.BATCH_GET_MAX_BYTES,
    ...options,
  });
}
