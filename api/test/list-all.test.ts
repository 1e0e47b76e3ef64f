import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createItemStoreFromConfig } from '@picus/core';
import { startApiUnderTest, type ApiUnderTest } from './api-under-test.js';

let api: ApiUnderTest;
beforeAll(async () => {
  api = await startApiUnderTest();
});
afterAll(async () => {
  await api?.stop();
});

interface Page {
  items: Array<{ id: string; payload: Record<string, unknown> }>;
  next_cursor?: string;
}

describe('GET /picus/list without limit (the original "list all records")', () => {
  it('when 250 items exist, then one answer holds every one of them and no next_cursor', async () => {
    const store = createItemStoreFromConfig(api.config);
    const created = await Promise.all(Array.from({ length: 250 }, (_, i) => store.put({ name: `all-${i}`, role: 'r', n: i })));
    const response = await fetch(`${api.baseUrl}/picus/list`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const page = (await response.json()) as Page;
    expect(page.next_cursor).toBeUndefined();
    const byId = new Map(page.items.map((item) => [item.id, item]));
    for (const item of created) expect(byId.get(item.id)).toEqual(item);
  });

  it('when a cursor from a limited page is passed without limit, then the rest of the items follow', async () => {
    const first = (await (await fetch(`${api.baseUrl}/picus/list?limit=10`)).json()) as Page;
    expect(first.next_cursor).toBeDefined();
    const rest = (await (await fetch(`${api.baseUrl}/picus/list?cursor=${encodeURIComponent(first.next_cursor!)}`)).json()) as Page;
    const all = (await (await fetch(`${api.baseUrl}/picus/list`)).json()) as Page;
    expect(new Set([...first.items, ...rest.items].map((item) => item.id))).toEqual(new Set(all.items.map((item) => item.id)));
    expect(first.items.length + rest.items.length).toBe(all.items.length);
  });
});

describe('when DynamoDB fails after the list answer has started', () => {
  let proxy: Server;
  let failing: ApiUnderTest;

  beforeAll(async () => {
    // A real HTTP proxy in front of the embedded DynamoDB: the first Scan passes, every later one gets a 500.
    let scans = 0;
    proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (String(req.headers['x-amz-target']).endsWith('.Scan') && (scans += 1) > 1) {
          res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
          res.end('{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"injected"}');
          return;
        }
        const upstream = httpRequest(
          api.db.dynamodb.endpoint,
          { method: 'POST', headers: { ...req.headers, host: new URL(api.db.dynamodb.endpoint).host } },
          (answer) => {
            res.writeHead(answer.statusCode ?? 500, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    failing = await startApiUnderTest({
      database: api.db,
      env: { DYNAMODB_ENDPOINT: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` },
    });
    // Items spread over several Scan calls (1,000 items a call when listing everything): the second call fails.
    const writer = createItemStoreFromConfig(api.config);
    for (let i = 0; i < 6; i += 1) await writer.put({ name: `big-${i}`, role: 'r', blob: 'x'.repeat(300_000) });
  });
  afterAll(async () => {
    await failing?.stop();
    proxy?.close();
  });

  it('then the connection is closed before the JSON is complete, never a list that parses but misses items', async () => {
    const response = await fetch(`${failing.baseUrl}/picus/list`, { headers: { 'x-request-id': 'list-cut' } });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect(failing.logs.lines().find((line) => line.requestId === 'list-cut' && String(line.msg).startsWith('list failed'))).toMatchObject({
      level: 'error',
    });
  });
});
