import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createItemStoreFromConfig } from '@picus/core';
import { signal, waitFor } from '@picus/testkit';
import { startApiUnderTest, type ApiUnderTest } from './api-under-test.js';

const started: ApiUnderTest[] = [];
afterEach(async () => {
  for (const api of started.splice(0)) await api.stop();
});
async function apiWith(env: Record<string, string>): Promise<ApiUnderTest> {
  const api = await startApiUnderTest({ env });
  started.push(api);
  return api;
}

interface Page {
  items: Array<{ id: string }>;
  next_cursor?: string;
}

/** A request whose headers are sent and whose body (or reading of the answer) is held back. */
function held(url: string, options: { method?: string; headers?: Record<string, string> } = {}) {
  const answered = signal<number>();
  const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false }, (res) => {
    answered.resolve(res.statusCode ?? 0);
    res.pause();
  });
  req.on('error', () => undefined);
  req.flushHeaders();
  return { answered: answered.promise, abort: () => req.destroy() };
}

describe('the api within its limits', () => {
  it('when every item is listed and they pass the byte cap, then each answer stays within it and the cursors reach every item once', async () => {
    const api = await apiWith({ LIST_ALL_MAX_BYTES: String(64 * 1024) });
    const store = createItemStoreFromConfig(api.config);
    const created = await Promise.all(
      Array.from({ length: 40 }, (_, i) => store.put({ name: `n${i}`, role: 'r', text: 'x'.repeat(5_000) })),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    let answers = 0;
    do {
      const response = await fetch(`${api.baseUrl}/picus/list${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
      const text = await response.text();
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(64 * 1024 + 512);
      const page = JSON.parse(text) as Page;
      seen.push(...page.items.map((item) => item.id));
      cursor = page.next_cursor;
      answers += 1;
    } while (cursor && answers < 10);
    expect(answers).toBeGreaterThan(2);
    expect(seen.sort()).toEqual(created.map((item) => item.id).sort());
  });

  it('when the list-all streams and their queue are full, then the next list-all is answered 503 with Retry-After', async () => {
    const api = await apiWith({ LIST_ALL_MAX_STREAMS: '1', LIST_ALL_MAX_WAITING: '0' });
    const store = createItemStoreFromConfig(api.config);
    await Promise.all(Array.from({ length: 5 }, (_, i) => store.put({ name: `n${i}`, role: 'r' })));
    // The first of a burst takes the one turn and holds it while its Scan runs; the others arrive meanwhile.
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${api.baseUrl}/picus/list`)));
    const refused = answers.filter((response) => response.status === 503);
    for (const response of answers) expect([200, 503]).toContain(response.status);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]?.headers.get('retry-after')).toBe('1');
    expect(refused[0]?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('when bodies in flight hold the memory budget, then the next put is refused with 503 and Retry-After before its body is read', async () => {
    // 8 MiB: a 300 KB body is charged 9.6 MB, admitted only because nothing else is in flight.
    const api = await apiWith({ MEMORY_BUDGET_MIB: '8' });
    const first = held(`${api.baseUrl}/picus/put`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '300000' },
    });
    try {
      await waitFor(async () => (await fetch(`${api.baseUrl}/picus/health`)).ok, { what: 'the api to answer' });
      const response = await fetch(`${api.baseUrl}/picus/put`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'a', role: 'r' }),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(((await response.json()) as { detail: string }).detail).toMatch(/memory budget/);
    } finally {
      first.abort();
    }
    // Once the held body's connection is gone, its share is given back.
    await waitFor(
      async () =>
        (
          await fetch(`${api.baseUrl}/picus/put`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"name":"b","role":"r"}',
          })
        ).status === 201,
      {
        what: 'a put to be admitted again',
      },
    );
  });
});
