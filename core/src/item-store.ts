import { ConditionalCheckFailedException, DeleteItemCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import type { BatchCounts } from './batch-stats.js';
import { createBatchedReads, type StoredRecord } from './batched-reads.js';
import { createBatchedWrites } from './batched-writes.js';
import { ItemSizeEstimate } from './item-sizes.js';
import { callBudgetMs } from './call-budget.js';
import type { CursorCodec } from './cursor.js';
import { StoreUnavailableError } from './domain-errors.js';
import type { components } from './generated/openapi-types.js';
import { decodePayload, encodePayload } from './payload-codec.js';
import { toStoreError } from './store-errors.js';
import { measureWireBytes } from './wire-bytes.js';

export type NewItem = components['schemas']['NewItem'];
export type Item = components['schemas']['Item'];

export interface ItemPage {
  readonly items: Item[];
  /** Set when more items remain. */
  readonly nextCursor?: string;
}

/**
 * Items per Scan call when listing everything: DynamoDB would return up to 1 MB a call, which on a
 * busy embedded DynamoDB can take longer than one attempt's timeout; 1,000 keeps each call short
 * and the answer streaming, for about 1 ms of SDK CPU per 1,000 items.
 */
const LIST_ALL_PAGE = 1_000;
/**
 * Bytes a list-all Scan page is planned to hold: with large items, fewer items a page. A page of
 * 1 MB (DynamoDB's most) of 380 KiB items costs the embedded DynamoDB ~100 ms; eight streams'
 * Scans queued behind each other then passed the 600 ms attempt timeout, and a list cut off mid-way.
 */
const LIST_ALL_PAGE_BYTES = 256 * 1024;
/** After the answer has started, a page whose Scan failed is tried this many more times before the list is cut off. */
const LIST_ALL_PAGE_RETRIES = 2;

/** Reads and writes items in the DynamoDB table. Returns plain objects; knows nothing of HTTP. */
export interface ItemStore {
  /** @throws UnrepresentablePayloadError when DynamoDB cannot hold the payload as a map. */
  put(payload: NewItem): Promise<Item>;
  get(id: string): Promise<Item | undefined>;
  /** One page of at most `limit` items (a DynamoDB Scan page: it may hold fewer). */
  list(options: { limit: number; cursor?: string }): Promise<ItemPage>;
  /**
   * Every item, page by page as DynamoDB returns them (at most 1 MB each, so memory stays bounded
   * whatever the table holds), up to `cap` items; the last page carries `nextCursor` only when
   * more items remain beyond the cap.
   */
  listAll(options: { cap: number; cursor?: string }): AsyncGenerator<ItemPage>;
  /** The cursor a list continues from to answer the items after this one. */
  cursorAfter(id: string): string;
  /**
   * What an item weighs as DynamoDB sends it, in bytes, learnt from its answers (see
   * {@link ItemSizeEstimate}): what a get plans its memory with.
   */
  itemSizeEstimate(): number;
  /** @returns false when no item had this id. */
  delete(id: string): Promise<boolean>;
  /** The DynamoDB calls the batched gets and puts made, for diagnostics and `make bench`. */
  batchCounts(): { reads: BatchCounts; writes: BatchCounts };
}

export interface ItemStoreDeps {
  /** The base client: the store marshals items itself (see payload-codec.ts). */
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly cursors: CursorCodec;
  /** How long one call may take in all (see {@link callBudgetMs}); default 600 ms × 2 attempts. */
  readonly budgetMs?: number;
  /** How long a batch may wait for the call in flight before it goes out beside it (see InFlightScheduler). */
  readonly maxHoldMs?: number;
  /** Bytes one BatchGetItem answer is planned to hold at most (see createBatchedReads). */
  readonly batchGetMaxBytes?: number;
  readonly now?: () => Date;
}

/**
 * How an item sits in the table: `id` and `created_at` as strings, `payload` as a native map with
 * numbers as numbers, so anything that reads the table can use its fields. Items written as JSON
 * text by earlier versions are still read (see {@link decodePayload}).
 */
export function createItemStore(deps: ItemStoreDeps): ItemStore {
  const { client, tableName: TableName, cursors } = deps;
  const now = deps.now ?? (() => new Date());
  const budgetMs = deps.budgetMs ?? callBudgetMs({ DYNAMODB_ATTEMPT_TIMEOUT_MS: 600, DYNAMODB_MAX_ATTEMPTS: 2 });
  const batching = { client, tableName: TableName, budgetMs, ...(deps.maxHoldMs === undefined ? {} : { maxHoldMs: deps.maxHoldMs }) };
  const sizes = new ItemSizeEstimate();
  const reads = createBatchedReads({
    ...batching,
    sizes,
    ...(deps.batchGetMaxBytes === undefined ? {} : { maxCallBytes: deps.batchGetMaxBytes }),
  });
  const writes = createBatchedWrites(batching);

  const fromStored = (stored: StoredRecord): Item => ({
    id: stored.id?.S ?? '',
    payload: decodePayload(stored.payload) as NewItem,
    created_at: stored.created_at?.S ?? '',
  });

  async function scanPage(limit: number, startId: string | undefined): Promise<{ items: Item[]; lastId?: string }> {
    try {
      let wireBytes = 0;
      const command = new ScanCommand({ TableName, Limit: limit, ...(startId ? { ExclusiveStartKey: { id: { S: startId } } } : {}) });
      const page = await client.send(measureWireBytes(command, (bytes) => (wireBytes = bytes)));
      sizes.observe(wireBytes, page.Items?.length ?? 0);
      const items = (page.Items ?? []).map(fromStored);
      const lastId = page.LastEvaluatedKey?.id?.S;
      return lastId ? { items, lastId } : { items };
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async function scanPageRetried(limit: number, startId: string | undefined): Promise<{ items: Item[]; lastId?: string }> {
    for (let retry = 0; ; retry += 1) {
      try {
        return await scanPage(limit, startId);
      } catch (error) {
        if (!(error instanceof StoreUnavailableError) || retry === LIST_ALL_PAGE_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** retry * (0.5 + Math.random())));
      }
    }
  }

  return {
    async put(payload) {
      // Encoded first: a payload DynamoDB cannot hold is refused before it joins a batch.
      const item: Item = { id: randomUUID(), payload, created_at: now().toISOString() };
      await writes.put({ id: { S: item.id }, payload: encodePayload(payload), created_at: { S: item.created_at } });
      return item;
    },

    async get(id) {
      const stored = await reads.get(id);
      return stored ? fromStored(stored) : undefined;
    },

    async list({ limit, cursor }) {
      // Decode before calling DynamoDB so a forged cursor never reaches it.
      const startId = cursor === undefined ? undefined : cursors.decode(cursor).id;
      const { items, lastId } = await scanPage(limit, startId);
      return lastId ? { items, nextCursor: cursors.encode({ id: lastId }) } : { items };
    },

    async *listAll({ cap, cursor }) {
      let startId = cursor === undefined ? undefined : cursors.decode(cursor).id;
      let remaining = cap;
      let first = true;
      for (;;) {
        const limit = Math.max(1, Math.min(remaining, LIST_ALL_PAGE, Math.floor(LIST_ALL_PAGE_BYTES / sizes.bytes())));
        // The first page fails fast (the answer can still be a 503); later ones are worth waiting for.
        const { items, lastId } = await (first ? scanPage(limit, startId) : scanPageRetried(limit, startId));
        first = false;
        remaining -= items.length;
        if (!lastId) return yield { items };
        if (remaining > 0) {
          yield { items };
          startId = lastId;
          continue;
        }
        // At the cap: DynamoDB sets LastEvaluatedKey when the Limit is reached even if nothing
        // follows, so look one item ahead and hand out a cursor only when more items remain.
        const ahead = await scanPage(1, lastId);
        return yield ahead.items.length > 0 || ahead.lastId ? { items, nextCursor: cursors.encode({ id: lastId }) } : { items };
      }
    },

    cursorAfter: (id) => cursors.encode({ id }),
    itemSizeEstimate: () => sizes.bytes(),

    async delete(id) {
      try {
        await client.send(new DeleteItemCommand({ TableName, Key: { id: { S: id } }, ConditionExpression: 'attribute_exists(id)' }));
        return true;
      } catch (error) {
        // After a retry, a missing item may be this very request's doing: an attempt that timed out
        // had landed, and the SDK's retry found nothing. The item is gone either way, so answer
        // deleted rather than tell the caller an item it deleted never existed. (Only an id that
        // never existed and whose first attempt failed gets the same answer: DELETE is idempotent.)
        if (error instanceof ConditionalCheckFailedException) return (error.$metadata.attempts ?? 1) > 1;
        throw toStoreError(error);
      }
    },

    batchCounts: () => ({ reads: { ...reads.counts }, writes: { ...writes.counts } }),
  };
}
