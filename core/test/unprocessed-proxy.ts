import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forwardableHeaders, readBody } from './proxy-io.js';

type Key = { id: { S: string } };
type Item = Key & Record<string, unknown>;

export interface UnprocessedProxy {
  readonly endpoint: string;
  /** Ids whose reads or writes this proxy handed back as unprocessed, in order, repeats included. */
  readonly trimmed: string[];
  /** Batch calls seen, by operation. */
  readonly calls: Record<string, number>;
  close(): Promise<void>;
}

/**
 * A real HTTP proxy in front of the embedded DynamoDB that makes it answer as DynamoDB does under
 * throttling, which dynalite never does by itself: for ids `leaveUnprocessed` picks, a
 * BatchGetItem's found item is moved from `Responses` to `UnprocessedKeys`, and a BatchWriteItem's
 * put is held back from DynamoDB and returned in `UnprocessedItems` (so it really was not written).
 * Everything else passes through unchanged; the SDK and the store under test are the real ones.
 * `beforeForward` can hold calls (to keep one in flight while a test sends more).
 */
export async function startUnprocessedProxy(
  target: string,
  leaveUnprocessed: (id: string, attempt: number) => boolean,
  options: { beforeForward?: () => Promise<void> } = {},
): Promise<UnprocessedProxy> {
  const trimmed: string[] = [];
  const calls: Record<string, number> = {};
  const attempts = new Map<string, number>();
  const attempt = (id: string) => {
    const n = attempts.get(id) ?? 0;
    attempts.set(id, n + 1);
    return n;
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      calls[operation] = (calls[operation] ?? 0) + 1;
      const request = JSON.parse(await readBody(req)) as Record<string, unknown>;
      const held = new Map<string, Array<{ PutRequest: { Item: Item } }>>();
      if (operation === 'BatchWriteItem') {
        const items = request.RequestItems as Record<string, Array<{ PutRequest: { Item: Item } }>>;
        for (const [table, writes] of Object.entries(items)) {
          const keep = writes.filter((write) => !leaveUnprocessed(write.PutRequest.Item.id.S, attempt(write.PutRequest.Item.id.S)));
          held.set(
            table,
            writes.filter((write) => !keep.includes(write)),
          );
          for (const write of held.get(table) ?? []) trimmed.push(write.PutRequest.Item.id.S);
          items[table] = keep;
          if (keep.length === 0) delete items[table];
        }
      }
      await options.beforeForward?.();
      const forwardedBody = JSON.stringify(request);
      const headers = forwardableHeaders(req);
      const emptyWrite = operation === 'BatchWriteItem' && Object.keys(request.RequestItems as object).length === 0;
      const upstream = emptyWrite ? undefined : await fetch(target, { method: 'POST', headers, body: forwardedBody });
      const answer = (upstream ? JSON.parse(await upstream.text()) : {}) as Record<string, unknown>;
      if (operation === 'BatchGetItem' && upstream?.ok) {
        const responses = answer.Responses as Record<string, Item[]>;
        const unprocessed: Record<string, { Keys: Key[] }> = {};
        for (const [table, items] of Object.entries(responses)) {
          const dropped = items.filter((item) => leaveUnprocessed(item.id.S, attempt(item.id.S)));
          if (dropped.length === 0) continue;
          responses[table] = items.filter((item) => !dropped.includes(item));
          unprocessed[table] = { Keys: dropped.map((item) => ({ id: item.id })) };
          trimmed.push(...dropped.map((item) => item.id.S));
        }
        answer.UnprocessedKeys = unprocessed;
      }
      if (operation === 'BatchWriteItem') {
        const unprocessed: Record<string, unknown[]> = (answer.UnprocessedItems as Record<string, unknown[]> | undefined) ?? {};
        for (const [table, writes] of held) if (writes.length > 0) unprocessed[table] = [...(unprocessed[table] ?? []), ...writes];
        answer.UnprocessedItems = unprocessed;
      }
      const body = JSON.stringify(answer);
      // DynamoDB signs its answer with a CRC32 the SDK may check; the body changed, so leave it out.
      res.writeHead(upstream?.status ?? 200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    })().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    trimmed,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
