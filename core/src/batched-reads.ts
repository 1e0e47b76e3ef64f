import { BatchGetItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import DataLoader from 'dataloader';
import { countBatch, newBatchCounts, type BatchCounts } from './batch-stats.js';
import { withinBudget } from './call-budget.js';
import { InFlightScheduler } from './in-flight-scheduler.js';
import type { ItemSizeEstimate } from './item-sizes.js';
import { toStoreError } from './store-errors.js';
import { answerAfterUnprocessed } from './unprocessed-retry.js';
import { measureWireBytes } from './wire-bytes.js';

/** BatchGetItem's limit. */
export const MAX_KEYS_PER_BATCH_GET = 100;
/**
 * Bytes one BatchGetItem answer is planned to hold at most, unless configured (BATCH_GET_MAX_BYTES).
 * DynamoDB answers up to 16 MB a call; the embedded DynamoDB stops after 1 MB and leaves the rest
 * unprocessed, to be asked again: planned at 1 MiB, a call gets everything it asks for in both.
 */
export const DEFAULT_BATCH_GET_MAX_BYTES = 1024 * 1024;
/**
 * Calls one batch may have in flight when it is split by bytes. What the items weigh is already
 * charged to the api's memory budget when each get is admitted, so calls side by side hold no more
 * than calls in a row; they only end sooner (with one at a time, 40 gets of 380 KiB items took 20
 * calls in a row and the last callers passed their 1.2 s budget on a busy machine).
 */
const CALLS_PER_BATCH = 4;

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
 *
 * Sized by bytes as well as by keys: DynamoDB answers up to 16 MB a call, which for items near its
 * 400 KiB limit is more than the api's whole heap budget. So a batch goes out in calls of at most
 * `maxCallBytes / sizes.bytes()` keys (the learnt item size, see {@link ItemSizeEstimate}), a few
 * at a time, each call's callers answered as soon as it returns.
 */
export function createBatchedReads(deps: {
  client: DynamoDBClient;
  tableName: string;
  budgetMs: number;
  sizes: ItemSizeEstimate;
  maxCallBytes?: number;
  maxInFlight?: number;
  maxHoldMs?: number;
}): BatchedReads {
  const { client, tableName, budgetMs, sizes } = deps;
  const maxCallBytes = deps.maxCallBytes ?? DEFAULT_BATCH_GET_MAX_BYTES;
  const scheduler = new InFlightScheduler(deps.maxInFlight, deps.maxHoldMs);
  const counts = newBatchCounts();

  async function call(keys: StoredRecord[], found: Map<string, StoredRecord>): Promise<StoredRecord[]> {
    countBatch(counts, keys.length);
    try {
      let wireBytes = 0;
      const command = measureWireBytes(
        new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: keys } } }),
        (bytes) => (wireBytes = bytes),
      );
      const output = await client.send(command);
      const items = output.Responses?.[tableName] ?? [];
      sizes.observe(wireBytes, items.length);
      for (const item of items) {
        const id = item.id?.S;
        if (id !== undefined) found.set(id, item);
      }
      return output.UnprocessedKeys?.[tableName]?.Keys ?? [];
    } catch (error) {
      throw toStoreError(error);
    }
  }

  /** One call's keys (distinct), each answered with its item or undefined once the call returns. */
  async function fetchKeys(keys: readonly string[], deadline: number): Promise<Answer[]> {
    const found = new Map<string, StoredRecord>();
    const unprocessed = await call(
      keys.map((id) => ({ id: { S: id } })),
      found,
    );
    if (unprocessed.length === 0) return keys.map((id) => found.get(id));
    return answerAfterUnprocessed({
      callerIds: keys,
      unprocessed,
      idOf: (key) => key.id?.S,
      send: (retried) => call(retried, found),
      deadline,
      answer: (id) => (id === undefined ? undefined : found.get(id)),
      what: 'keys',
    });
  }

  /** Keys per call now: as many as fit `maxCallBytes` at the learnt item size, 1 to 100. */
  const keysPerCall = () => Math.max(1, Math.min(MAX_KEYS_PER_BATCH_GET, Math.floor(maxCallBytes / sizes.bytes())));

  function fetchBatch(ids: readonly string[]): Array<Answer | Error> {
    const deadline = performance.now() + budgetMs;
    counts.callers += ids.length;
    // DataLoader without its cache passes a key once per caller; DynamoDB refuses duplicates.
    const unique = [...new Set(ids)];
    const answers = new Map<string, { promise: Promise<Answer>; settle: (answer: Answer | Promise<Answer>) => void }>();
    for (const id of unique) {
      let settle!: (answer: Answer | Promise<Answer>) => void;
      const promise = new Promise<Answer>((resolve) => (settle = resolve));
      answers.set(id, { promise, settle });
    }
    // A few calls at a time, counted in flight until the last returns (see InFlightScheduler); each
    // sized afresh when it goes out, so what the first answers taught about item sizes counts at once.
    void scheduler.run(async () => {
      let next = 0;
      const caller = async () => {
        while (next < unique.length) {
          const keys = unique.slice(next, (next += keysPerCall()));
          const settled = await fetchKeys(keys, deadline).then(
            (found) => found,
            (error: unknown) => keys.map(() => Promise.reject(error as Error)),
          );
          keys.forEach((id, index) => answers.get(id)?.settle(settled[index]));
        }
      };
      await Promise.all(Array.from({ length: CALLS_PER_BATCH }, caller));
    });
    // Each promise settles with the item (or undefined) once its call returns: DataLoader adopts it.
    return ids.map((id) => (answers.get(id)?.promise as Promise<StoredRecord | undefined> | undefined) ?? new Error(`no answer for ${id}`));
  }

  const loader = new DataLoader<string, Answer>((ids) => Promise.resolve(fetchBatch(ids)), {
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
