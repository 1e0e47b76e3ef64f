import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signal, startTestDatabase, waitFor, type TestDatabase } from '@picus/testkit';
import {
  ItemTooLargeError,
  StoreUnavailableError,
  createItemStoreFromConfig,
  loadConfig,
  type Item,
  type ItemStore,
} from '../src/index.js';
import { startUnprocessedProxy, type UnprocessedProxy } from './unprocessed-proxy.js';

let db: TestDatabase;
let direct: ItemStore;
const proxies: UnprocessedProxy[] = [];

beforeAll(async () => {
  db = await startTestDatabase();
  direct = newStore();
});
afterAll(async () => {
  for (const proxy of proxies) await proxy.close();
  await db?.stop();
});

/** A store of its own (its own batchers and counts), as a handler process builds it. */
const newStore = () => createItemStoreFromConfig(loadConfig(db.env));

function storeAt(endpoint: string, maxHoldMs?: number): ItemStore {
  return createItemStoreFromConfig(loadConfig({ ...db.env, DYNAMODB_ENDPOINT: endpoint }), maxHoldMs === undefined ? {} : { maxHoldMs });
}

async function proxied(
  leaveUnprocessed: (id: string, attempt: number) => boolean,
  options?: Parameters<typeof startUnprocessedProxy>[2],
  maxHoldMs?: number,
) {
  const proxy = await startUnprocessedProxy(db.dynamodb.endpoint, leaveUnprocessed, options);
  proxies.push(proxy);
  return { proxy, store: storeAt(proxy.endpoint, maxHoldMs) };
}

const seed = (count: number, role = 'seeded') =>
  Promise.all(Array.from({ length: count }, (_, i) => direct.put({ name: `item-${i}`, role })));
const missingId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/**
 * A fresh store plans each call as if items were as large as DynamoDB allows (400 KiB: 2 keys a
 * call at the default 1 MiB) until its first answer teaches it what they weigh: one get of a stored item does that.
 * Returns the store's read counts after it, to count from.
 */
async function warm(store: ItemStore, id: string) {
  await store.get(id);
  return { ...store.batchCounts().reads };
}
const readsSince = (store: ItemStore, before: { calls: number; keys: number; callers: number }) => {
  const now = store.batchCounts().reads;
  return { calls: now.calls - before.calls, keys: now.keys - before.keys, callers: now.callers - before.callers, maxKeys: now.maxKeys };
};

/** Settles every promise, keeping each outcome in order. */
const outcomes = <T>(promises: Array<Promise<T>>) => Promise.allSettled(promises);

describe('coalesced gets (BatchGetItem)', () => {
  it('when a lone get arrives on a quiet store, then it goes out at once as one call with one key', async () => {
    const [item] = await seed(1);
    const store = newStore();
    expect(await store.get(item!.id)).toEqual(item);
    expect(store.batchCounts().reads).toEqual({ calls: 1, keys: 1, callers: 1, maxKeys: 1 });
  });

  it('when 250 gets for found and missing ids arrive together, then they go out in calls of at most 100 keys and each caller gets its own item or nothing', async () => {
    const items = await seed(150);
    const store = newStore();
    const before = await warm(store, items[0]!.id);
    const asked = [...items.map((item) => item.id), ...Array.from({ length: 100 }, (_, i) => missingId(i))].sort();
    const answers = await Promise.all(asked.map((id) => store.get(id)));
    const byId = new Map(items.map((item) => [item.id, item]));
    answers.forEach((answer, i) => expect(answer).toEqual(byId.get(asked[i]!)));
    expect(readsSince(store, before)).toEqual({ calls: 3, keys: 250, callers: 250, maxKeys: 100 });
  });

  it('when the same id is asked for twice in one batch, then DynamoDB is asked once and both callers get the item', async () => {
    const [item, other] = await seed(2);
    const store = newStore();
    const before = await warm(store, other!.id);
    const answers = await Promise.all([
      store.get(item!.id),
      store.get(other!.id),
      store.get(item!.id),
      store.get(missingId(7)),
      store.get(missingId(7)),
    ]);
    expect(answers).toEqual([item, other, item, undefined, undefined]);
    expect(readsSince(store, before)).toMatchObject({ calls: 1, keys: 3, callers: 5 });
  });

  it('when gets arrive while a call is in flight, then they wait for it and go out together in the next call', async () => {
    const items = await seed(11);
    const gate = signal();
    // A long hold: this test is about waiting for the call in flight, however slow the machine.
    const { proxy, store } = await proxied(() => false, { beforeForward: () => gate.promise }, 60_000);
    const first = store.get(items[0]!.id);
    await waitFor(() => proxy.calls.BatchGetItem === 1, { what: 'the first call to reach DynamoDB' });
    const later: Array<Promise<Item | undefined>> = [];
    for (const item of items.slice(1)) {
      later.push(store.get(item.id));
      await new Promise((resolve) => setImmediate(resolve));
    }
    gate.resolve();
    expect(await first).toEqual(items[0]);
    expect(await Promise.all(later)).toEqual(items.slice(1));
    expect(proxy.calls.BatchGetItem).toBe(2);
    expect(store.batchCounts().reads).toEqual({ calls: 2, keys: 11, callers: 11, maxKeys: 10 });
  });

  it('when the call in flight takes longer than the hold, then a get behind it goes out beside it and is answered first', async () => {
    const [slow, quick] = await seed(2);
    const gate = signal();
    let forwarded = 0;
    const { proxy, store } = await proxied(
      () => false,
      { beforeForward: () => ((forwarded += 1) === 1 ? gate.promise : Promise.resolve()) },
      20,
    );
    const first = store.get(slow!.id);
    await waitFor(() => proxy.calls.BatchGetItem === 1, { what: 'the first call to reach DynamoDB' });
    expect(await store.get(quick!.id)).toEqual(quick);
    gate.resolve();
    expect(await first).toEqual(slow);
    expect(store.batchCounts().reads).toMatchObject({ calls: 2, callers: 2 });
  });

  it('when DynamoDB leaves part of a batch unprocessed once, then those keys are sent again and every caller gets its item', async () => {
    const items = await seed(30);
    const unlucky = new Set(items.filter((_, i) => i % 4 === 0).map((item) => item.id));
    const { proxy, store } = await proxied((id, attempt) => unlucky.has(id) && attempt === 0);
    const before = await warm(store, items[1]!.id);
    expect(await Promise.all(items.map((item) => store.get(item.id)))).toEqual(items);
    expect(new Set(proxy.trimmed)).toEqual(unlucky);
    expect(readsSince(store, before)).toMatchObject({ calls: 2, keys: 30 + unlucky.size, callers: 30 });
  });

  it('when DynamoDB keeps some keys unprocessed past the budget, then only their callers get StoreUnavailableError; the rest get their items', async () => {
    const items = await seed(12);
    const stuck = new Set([items[3]!.id, items[7]!.id]);
    const { store } = await proxied((id) => stuck.has(id));
    const results = await outcomes(items.map((item) => store.get(item.id)));
    results.forEach((result, i) => {
      if (stuck.has(items[i]!.id)) expect(result.status === 'rejected' && result.reason).toBeInstanceOf(StoreUnavailableError);
      else expect(result).toEqual({ status: 'fulfilled', value: items[i] });
    });
  });
});

describe('coalesced puts (BatchWriteItem)', () => {
  it('when puts arrive together, then they go out in calls of at most 25 items and every put is readable once it resolves', async () => {
    const store = newStore();
    const created = await Promise.all(Array.from({ length: 60 }, (_, i) => store.put({ name: `p-${i}`, role: 'batched', n: i })));
    for (const item of created) expect(await direct.get(item.id)).toEqual(item);
    expect(store.batchCounts().writes).toEqual({ calls: 3, keys: 60, callers: 60, maxKeys: 25 });
  });

  it('when DynamoDB leaves part of a write batch unprocessed once, then those items are sent again and every resolved put is readable', async () => {
    const { proxy, store } = await proxied((id, attempt) => attempt === 0 && id.charCodeAt(0) % 2 === 0);
    const created = await Promise.all(Array.from({ length: 20 }, (_, i) => store.put({ name: `u-${i}`, role: 'unprocessed' })));
    expect(proxy.trimmed.length).toBeGreaterThan(0);
    for (const item of created) expect(await direct.get(item.id)).toEqual(item);
    expect(store.batchCounts().writes.calls).toBe(2);
  });

  it('when DynamoDB keeps some writes unprocessed past the budget, then only those puts fail (and are not stored); the others resolve and are readable', async () => {
    const { proxy, store } = await proxied((id) => id.charCodeAt(0) % 2 === 0);
    const results = await outcomes(Array.from({ length: 20 }, (_, i) => store.put({ name: `s-${i}`, role: 'stuck' })));
    const failed = results.filter((result) => result.status === 'rejected');
    expect(failed.length).toBe(new Set(proxy.trimmed).size);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(StoreUnavailableError);
      else expect(await direct.get(result.value.id)).toEqual(result.value);
    }
    const stored = (await direct.list({ limit: 1000 })).items.filter((item) => item.payload.role === 'stuck');
    expect(stored.length).toBe(20 - failed.length);
  });

  it('when one item of a batch is too large for DynamoDB, then only its put fails with ItemTooLargeError; the others are stored', async () => {
    const store = newStore();
    const payloads = Array.from({ length: 5 }, (_, i) => ({
      name: `l-${i}`,
      role: 'large',
      ...(i === 2 ? { blob: 'x'.repeat(410_000) } : {}),
    }));
    const results = await outcomes(payloads.map((payload) => store.put(payload)));
    results.forEach((result, i) => {
      if (i === 2) expect(result.status === 'rejected' && result.reason).toBeInstanceOf(ItemTooLargeError);
      else expect(result.status).toBe('fulfilled');
    });
    for (const result of results) if (result.status === 'fulfilled') expect(await direct.get(result.value.id)).toEqual(result.value);
  });
});

describe('batches when DynamoDB is unreachable', () => {
  it('when DynamoDB refuses connections, then every caller waiting on a batch gets StoreUnavailableError', async () => {
    // Port 9 (discard) on loopback has no listener here: connections are refused at once.
    const store = storeAt('http://127.0.0.1:9');
    const results = await outcomes<unknown>([
      ...Array.from({ length: 30 }, (_, i) => store.get(missingId(i))),
      ...Array.from({ length: 30 }, (_, i) => store.put({ name: `d-${i}`, role: 'down' })),
    ]);
    for (const result of results) expect(result.status === 'rejected' && result.reason).toBeInstanceOf(StoreUnavailableError);
  });
});
