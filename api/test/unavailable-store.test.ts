import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs, serve, type Served } from '@picus/testkit';
import { createItemStoreFromConfig, createLogger, loadConfig } from '@picus/core';
import { createApiApp } from '../src/app.js';

/** A TCP server that accepts connections and never answers: a DynamoDB that hangs. */
async function blackHole(): Promise<{ server: Server; port: number }> {
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

async function apiAgainst(endpoint: string): Promise<Served> {
  const config = loadConfig({ DYNAMODB_ENDPOINT: endpoint });
  const logger = createLogger({ service: 'api', level: 'silent', destination: captureLogs().destination });
  return serve(
    createApiApp({ store: createItemStoreFromConfig(config), logger, validateResponses: true, maxBodyBytes: config.MAX_BODY_BYTES }),
  );
}

let hole: { server: Server; port: number };
let refused: Served;
let hanging: Served;

beforeAll(async () => {
  hole = await blackHole();
  // Port 9 (discard) on loopback has no listener here: connections are refused at once.
  refused = await apiAgainst('http://127.0.0.1:9');
  hanging = await apiAgainst(`http://127.0.0.1:${hole.port}`);
});
afterAll(async () => {
  await refused?.close();
  await hanging?.close();
  hole?.server.close();
});

describe('when DynamoDB is unreachable', () => {
  for (const [name, api] of [
    ['refuses connections', () => refused],
    ['accepts but never answers', () => hanging],
  ] as const) {
    it(`when it ${name}, then every operation answers 503 with Retry-After within 2 s`, async () => {
      const requests: Array<[string, RequestInit?]> = [
        ['/picus/get/00000000-0000-4000-8000-000000000000'],
        ['/picus/list'],
        ['/picus/put', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"a","role":"b"}' }],
      ];
      for (const [path, init] of requests) {
        // The abort bounds the wait: a hang fails the test instead of stalling it.
        const response = await fetch(`${api().baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(2000) });
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('1');
        expect(await response.json()).toMatchObject({ status: 503, detail: 'The data store is unavailable. Retry shortly.' });
      }
    });
  }
});
