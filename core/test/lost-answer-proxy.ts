import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forwardableHeaders, readBody } from './proxy-io.js';

export interface LostAnswerProxy {
  readonly endpoint: string;
  /** Calls of each operation that reached DynamoDB through the proxy. */
  readonly forwarded: Record<string, number>;
  close(): Promise<void>;
}

/**
 * A real HTTP proxy in front of the embedded DynamoDB that loses answers: the first `lose` calls of
 * `operation` are forwarded and carried out by DynamoDB, but their answers never come back (the
 * connection is held until the client gives up), as when a network path fails after the write landed.
 * Every other call passes through unchanged; the SDK's own timeout and retry do the rest.
 */
export async function startLostAnswerProxy(target: string, operation: string, lose = 1): Promise<LostAnswerProxy> {
  const forwarded: Record<string, number> = {};
  const held = new Set<ServerResponse>();
  let lost = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const name = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const headers = forwardableHeaders(req);
      const upstream = await fetch(target, { method: 'POST', headers, body: await readBody(req) });
      const body = await upstream.text();
      forwarded[name] = (forwarded[name] ?? 0) + 1;
      if (name === operation && lost < lose) {
        lost += 1;
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      res.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forwarded,
    close: () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
