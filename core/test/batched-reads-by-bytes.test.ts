import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '@picus/testkit';
import { createItemStoreFromConfig, loadConfig, MAX_ITEM_BYTES, type Item, type ItemStore } from '../src/index.js';

let db: TestDatabase;
let writer: ItemStore;

beforeAll(async () => {
  db = await startTestDatabase();
  writer = createItemStoreFromConfig(loadConfig(db.env));
});
afterAll(async () => {
  await db?.stop();
});

const seed = (count: number, bytes: number) =>
  Promise.all(Array.from({ length: count }, (_, i) => writer.put({ name: `big-${i}`, role: 'r', blob: 'x'.repeat(bytes) })));

describe('batched gets sized by bytes', () => {
  it('when a store starts, then it plans with the largest item DynamoDB allows until an answer teaches it the real size', async () => {
    const [item] = await seed(1, 100);
    const store = createItemStoreFromConfig(loadConfig(db.env));
    expect(store.itemSizeEstimate()).toBe(MAX_ITEM_BYTES);
    await store.get(item!.id);
    expect(store.itemSizeEstimate()).toBeLessThan(1_000);
  });

  it('when items are large, then fewer keys go per BatchGetItem call and every caller still gets its item', async () => {
    const items = await seed(12, 100 * 1024);
    // 256 KiB a call at ~100 KiB an item: two keys a call.
    const store = createItemStoreFromConfig(loadConfig({ ...db.env, BATCH_GET_MAX_BYTES: String(256 * 1024) }));
    await store.get(items[0]!.id);
    expect(store.itemSizeEstimate()).toBeGreaterThan(100 * 1024);
    const before = store.batchCounts().reads.calls;
    const answers: Array<Item | undefined> = await Promise.all(items.map((item) => store.get(item.id)));
    expect(answers).toEqual(items);
    const { calls, maxKeys } = store.batchCounts().reads;
    expect(calls - before).toBeGreaterThanOrEqual(6);
    expect(maxKeys).toBeLessThanOrEqual(2);
  });
});
