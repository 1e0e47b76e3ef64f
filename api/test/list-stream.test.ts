import express from 'express';
import { request } from 'node:http';
import { afterEach, describe, it } from 'vitest';
import type { ItemPage } from '@picus/core';
import { serve, signal, waitFor, type Served } from '@picus/testkit';
import { streamAllItems } from '../src/routes/list-stream.js';

const opened: Served[] = [];
afterEach(async () => {
  for (const served of opened.splice(0)) await served.close();
});

const item = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  payload: { name: `n${n}`, role: 'r' },
  created_at: '2026-11-28T00:00:00.000Z',
});

describe('streamAllItems', () => {
  it('when the client goes away while the next page is being read, then the scan is stopped and the handler returns', async () => {
    const secondPage = signal();
    const scanStopped = signal();
    const handlerDone = signal();
    const serverSawClose = signal();
    // The pages as the store yields them; the second waits, as a slow Scan call would.
    async function* pages(): AsyncGenerator<ItemPage> {
      try {
        yield { items: [item(1)] };
        await secondPage.promise;
        yield { items: [item(2)] };
        yield { items: [item(3)] };
      } finally {
        scanStopped.resolve();
      }
    }
    const app = express();
    app.get('/list', (req, res) => {
      res.on('close', () => serverSawClose.resolve());
      void streamAllItems(req, res, pages(), { maxBytes: 1_000_000, writeDeadlineMs: 10_000, cursorAfter: (id) => `after-${id}` }).then(
        () => handlerDone.resolve(),
      );
    });
    const served = await serve(app);
    opened.push(served);

    // The client reads until the first page has arrived, then goes away.
    const firstPageRead = signal();
    let received = '';
    const client = request(`${served.baseUrl}/list`, (response) =>
      response.on('data', (chunk: Buffer) => {
        received += chunk.toString();
        if (received.includes(item(1).id)) firstPageRead.resolve();
      }),
    );
    client.on('error', () => undefined);
    client.end();
    await firstPageRead.promise;
    client.destroy();
    await serverSawClose.promise;
    secondPage.resolve();

    let stopped = false;
    void Promise.all([scanStopped.promise, handlerDone.promise]).then(() => (stopped = true));
    await waitFor(() => stopped, { what: 'the scan to be stopped and the handler to return', timeoutMs: 2_000 });
  });
});
