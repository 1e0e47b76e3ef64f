import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '@picus/testkit';
import {
  InvalidCursorError,
  ItemTooLargeError,
  createCursorCodec,
  createItemStoreFromConfig,
  loadConfig,
  type ItemStore,
} from '../src/index.js';
import { startLostAnswerProxy } from './lost-answer-proxy.js';

let db: TestDatabase;
let store: ItemStore;

beforeAll(async () => {
  db = await startTestDatabase();
  store = createItemStoreFromConfig(loadConfig(db.env));
});
afterAll(async () => {
  await db?.stop();
});

describe('item store over the embedded DynamoDB', () => {
  it('when an item is put, then get returns the same payload, id and timestamp', async () => {
    const put = await store.put({ name: 'Ada', role: 'engineer', n: 1.25, list: [1, 'two', null] });
    expect(await store.get(put.id)).toEqual(put);
  });

  it('when an id was never stored, then get returns undefined and delete returns false', async () => {
    expect(await store.get('00000000-0000-4000-8000-000000000001')).toBeUndefined();
    expect(await store.delete('00000000-0000-4000-8000-000000000001')).toBe(false);
  });

  it('when an item is deleted, then it is gone', async () => {
    const put = await store.put({ name: 'Ada', role: 'engineer' });
    expect(await store.delete(put.id)).toBe(true);
    expect(await store.get(put.id)).toBeUndefined();
  });

  it('when a delete lands but its answer is lost and the SDK retries, then the delete still reports the item deleted, not missing', async () => {
    const put = await store.put({ name: 'Ada', role: 'engineer' });
    const proxy = await startLostAnswerProxy(db.dynamodb.endpoint, 'DeleteItem');
    try {
      // A short attempt timeout so the lost answer is given up on quickly; two attempts, as deployed.
      const retrying = createItemStoreFromConfig(
        loadConfig({ ...db.env, DYNAMODB_ENDPOINT: proxy.endpoint, DYNAMODB_ATTEMPT_TIMEOUT_MS: '500', DYNAMODB_MAX_ATTEMPTS: '2' }),
      );
      expect(await retrying.delete(put.id)).toBe(true);
      // Both attempts reached DynamoDB: the first deleted the item, the second found none.
      expect(proxy.forwarded.DeleteItem).toBe(2);
      expect(await store.get(put.id)).toBeUndefined();
      // A first attempt that is answered still tells a missing id apart.
      expect(await retrying.delete(put.id)).toBe(false);
    } finally {
      await proxy.close();
    }
  });

  it('when 250 items are listed in pages of 17, then every item appears exactly once', async () => {
    const own = await startTestDatabase();
    try {
      const pagedStore = createItemStoreFromConfig(loadConfig(own.env));
      const written = new Set<string>();
      for (let batch = 0; batch < 25; batch += 1) {
        const items = await Promise.all(
          Array.from({ length: 10 }, (_, i) => pagedStore.put({ name: `item-${batch * 10 + i}`, role: 'r' })),
        );
        for (const item of items) written.add(item.id);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await pagedStore.list({ limit: 17, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(17);
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 100);
      expect(seen).toHaveLength(250);
      expect(new Set(seen)).toEqual(written);
      expect(pages).toBeGreaterThanOrEqual(15);
    } finally {
      await own.stop();
    }
  });

  it('when a cursor is altered or signed with another key, then list rejects it before calling DynamoDB', async () => {
    const first = await store.list({ limit: 1 });
    expect(first.nextCursor).toBeDefined();
    const cursor = first.nextCursor as string;
    const [body, signature] = cursor.split('.') as [string, string];
    const otherKey = createCursorCodec('some-other-secret-key-value').encode({ id: first.items[0]!.id });
    for (const bad of [`${body}x.${signature}`, `${body}.${signature.slice(1)}`, otherKey, 'garbage', `${body}.${signature}.extra`]) {
      await expect(store.list({ limit: 1, cursor: bad })).rejects.toBeInstanceOf(InvalidCursorError);
    }
  });

  it('when a signed cursor carries a key that is not a uuid, then it is rejected', () => {
    const codec = createCursorCodec('a-test-secret-of-16+');
    const forged = codec.encode({ id: 'not-a-uuid' });
    expect(() => codec.decode(forged)).toThrow(InvalidCursorError);
  });

  it('when the stored item would pass the DynamoDB 400 KB limit, then put raises ItemTooLargeError', async () => {
    await expect(store.put({ name: 'n', role: 'r', blob: 'x'.repeat(410_000) })).rejects.toBeInstanceOf(ItemTooLargeError);
  });
});

describe('listAll: every item up to a cap', () => {
  it('when the table holds more items than the cap, then the cap is returned with a cursor, and the cursor reads the rest', async () => {
    const own = await startTestDatabase();
    try {
      const capped = createItemStoreFromConfig(loadConfig(own.env));
      const written = await Promise.all(Array.from({ length: 120 }, (_, i) => capped.put({ name: `c-${i}`, role: 'r' })));
      const collect = async (pages: AsyncGenerator<{ items: Array<{ id: string }>; nextCursor?: string }>) => {
        const ids: string[] = [];
        let cursor: string | undefined;
        for await (const page of pages) {
          ids.push(...page.items.map((item) => item.id));
          cursor = page.nextCursor ?? cursor;
        }
        return { ids, cursor };
      };
      const first = await collect(capped.listAll({ cap: 50 }));
      expect(first.ids).toHaveLength(50);
      expect(first.cursor).toBeDefined();
      const rest = await collect(capped.listAll({ cap: 100, cursor: first.cursor! }));
      expect(rest.ids).toHaveLength(70);
      expect(rest.cursor).toBeUndefined();
      expect(new Set([...first.ids, ...rest.ids])).toEqual(new Set(written.map((item) => item.id)));
      // Exactly at the cap with nothing beyond: no cursor (DynamoDB alone would hand one out).
      const exact = await collect(capped.listAll({ cap: 70, cursor: first.cursor! }));
      expect(exact.ids).toHaveLength(70);
      expect(exact.cursor).toBeUndefined();
    } finally {
      await own.stop();
    }
  });
});
