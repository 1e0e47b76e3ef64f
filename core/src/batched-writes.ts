import { BatchWriteItemCommand, PutItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import DataLoader from 'dataloader';
import { countBatch, newBatchCounts, type BatchCounts } from './batch-stats.js';
import type { StoredRecord } from './batched-reads.js';
import { withinBudget } from './call-budget.js';
import { ItemTooLargeError } from './domain-errors.js';
import { InFlightScheduler } from './in-flight-scheduler.js';
import { toStoreError } from './store-errors.js';
import { answerAfterUnprocessed } from './unprocessed-retry.js';

/** BatchWriteItem's limit. */
export const MAX_ITEMS_PER_BATCH_WRITE = 25;
/** DataLoader settles each caller with nothing (written), or with the promise of it (items sent again). */
type Answer = undefined | Promise<undefined>;

export interface BatchedWrites {
  /** Resolves once the item is durably written; rejects with this caller's own error. */
  put(item: StoredRecord): Promise<void>;
  readonly counts: BatchCounts;
}

/**
 * Creates, coalesced into BatchWriteItem calls the way {@link createBatchedReads} coalesces gets
 * (one conditional PutItem costs ≈1,100 µs of the SDK's CPU; a batch of 25, ≈44 µs an item).
 * BatchWriteItem takes no ConditionExpression: ids are random v4 UUIDs (122 random bits), so the
 * `attribute_not_exists(id)` guard only ever guarded against a collision that does not happen, and a
 * lone put (sent as PutItem) goes without it too. Unconditional, a put is idempotent: when the SDK
 * retries an attempt that timed out but had landed, the retry succeeds, where the condition made it
 * fail (ConditionalCheckFailedException: a 500 for an item that was stored).
 *
 * A put resolves only when DynamoDB has written its item: items left in `UnprocessedItems` are sent
 * again (backing off) until the budget ends, and those still unwritten then reject with
 * StoreUnavailableError. DynamoDB refuses a whole batch when one item is invalid (too large, say):
 * the batch is then written item by item, so only that caller gets the error.
 */
export function createBatchedWrites(deps: {
  client: DynamoDBClient;
  tableName: string;
  budgetMs: number;
  maxInFlight?: number;
  maxHoldMs?: number;
}): BatchedWrites {
  const { client, tableName, budgetMs } = deps;
  const scheduler = new InFlightScheduler(deps.maxInFlight, deps.maxHoldMs);
  const counts = newBatchCounts();

  async function putOne(item: StoredRecord): Promise<undefined | Error> {
    countBatch(counts, 1);
    try {
      await client.send(new PutItemCommand({ TableName: tableName, Item: item }));
      return undefined;
    } catch (error) {
      return isItemSizeError(error)
        ? new ItemTooLargeError("The item exceeds DynamoDB's 400 KB item size limit.")
        : asError(toStoreError(error));
    }
  }

  async function call(requests: WriteRequest[]): Promise<WriteRequest[]> {
    countBatch(counts, requests.length);
    const output = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
    return output.UnprocessedItems?.[tableName] ?? [];
  }

  async function writeBatch(items: readonly StoredRecord[]): Promise<Array<Answer | Error>> {
    counts.callers += items.length;
    if (items.length === 1) return [await putOne(items[0] as StoredRecord)];
    const deadline = performance.now() + budgetMs;
    let unprocessed: WriteRequest[];
    try {
      unprocessed = await call(items.map((Item) => ({ PutRequest: { Item } })));
    } catch (error) {
      if (isValidationError(error)) return Promise.all(items.map(putOne));
      throw toStoreError(error);
    }
    if (unprocessed.length === 0) return items.map(() => undefined);
    // Written items are acknowledged now; the others once written, or with 503 at the deadline.
    return answerAfterUnprocessed({
      callerIds: items.map((item) => item.id?.S),
      unprocessed,
      idOf: (request) => request.PutRequest?.Item?.id?.S,
      send: (requests) => call(requests).catch((error: unknown) => Promise.reject(toStoreError(error))),
      deadline,
      answer: () => undefined,
      what: 'items',
    });
  }

  const loader = new DataLoader<StoredRecord, Answer>((items) => scheduler.run(() => writeBatch(items)), {
    cache: false,
    maxBatchSize: MAX_ITEMS_PER_BATCH_WRITE,
    batchScheduleFn: scheduler.schedule,
  });

  return {
    put: async (item) => {
      await withinBudget(loader.load(item), budgetMs);
    },
    counts,
  };
}

function isValidationError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException';
}

function isItemSizeError(error: unknown): boolean {
  return isValidationError(error) && /size has exceeded/i.test((error as Error).message);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
