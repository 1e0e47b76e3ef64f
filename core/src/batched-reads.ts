import { BatchGetItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import DataLoader from 'dataloader';
import { countBatch, newBatchCounts, type BatchCounts } from './batch-stats.js';
import { withinBudget } from './call-budget.js';
import { InFlightScheduler } from './in-flight-scheduler.js';
import { toStoreError } from './store-errors.js';
import { answerAfterUnprocessed } from './unprocessed-retry.js';

/** BatchGetItem's limit. */
export const MAX_KEYS_PER_BATCH_GET = 100;

export type StoredRecord = Record<string, AttributeValue>;
/** DataLoader settles each caller with its value, or with the promise of one (keys sent again). */
type Answer = StoredRecord | undefined | Promise<StoredRecord | undefined>;

export interface BatchedReads {
  /** The stored item with this id, or undefined; every caller gets its own answer. */
  get(id: string): Promise<StoredRecord | undefined>;
  readonly counts: BatchCounts;
}

/**
 * Gets by id, coalesced into BatchGetItem calls: the SDK's cost is per call (≈700 µs of CPU for one
 * GetItem, ≈11 µs an item in a call of 100), so one call for many waiting gets is most of the api's
 * read throughput. Gets arriving while a call is in flight wait for it and go out together (see
 * {@link InFlightScheduler}); at most 100 keys a call, a key asked for twice is sent once, keys
 * DynamoDB leaves unprocessed are sent again within the budget, and each caller is answered within
 * `budgetMs` of its own arrival: its item, undefined, or StoreUnavailableError.
 */
export function createBatchedReads(deps: { client: DynamoDBClient; tableName: string; budgetMs: number; maxInFlight?: number; maxHoldMs?: number }): BatchedReads {
  const { client, tableName, budgetMs } = deps;
  const scheduler = new InFlightScheduler(deps.maxInFlight, deps.maxHoldMs);
  const counts = newBatchCounts();

  async function call(keys: StoredRecord[], found: Map<string, StoredRecord>): Promise<StoredRecord[]> {
    countBatch(counts, keys.length);
    try {
      const output = await client.send(new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: keys } } }));
      for (const item of output.Responses?.[tableName] ?? []) {
        const id = item.id?.S;
        if (id !== undefined) found.set(id, item);
      }
      return output.UnprocessedKeys?.[tableName]?.Keys ?? [];
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async function fetchBatch(ids: readonly string[]): Promise<Array<Answer | Error>> {
    const deadline = performance.now() + budgetMs;
    const found = new Map<string, StoredRecord>();
    counts.callers += ids.length;
    // DataLoader without its cache passes a key once per caller; DynamoDB refuses duplicates.
    const unprocessed = await call([...new Set(ids)].map((id) => ({ id: { S: id } })), found);
    if (unprocessed.length === 0) return ids.map((id) => found.get(id));
    return answerAfterUnprocessed({
      callerIds: ids,
      unprocessed,
      idOf: (key) => key.id?.S,
      send: (keys) => call(keys, found),
      deadline,
      answer: (id) => (id === undefined ? undefined : found.get(id)),
      what: 'keys',
    });
  }

  const loader = new DataLoader<string, Answer>((ids) => scheduler.run(() => fetchBatch(ids)), {
    cache: false,
    maxBatchSize: MAX_KEYS_PER_BATCH_GET,
    batchScheduleFn: scheduler.schedule,
  });

  return {
    // A promise resolved with a promise adopts it: the load settles with the answer, never the promise.
    get: (id) => withinBudget(loader.load(id) as Promise<StoredRecord | undefined>, budgetMs),
    counts,
  };
}
