import type { IncomingMessage } from 'node:http';

/** The request's body, whole, as text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The request's headers to send on to DynamoDB: the SDK's signature headers kept, the hop's own (host, length, connection) left to fetch. */
export function forwardableHeaders(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.headers)
      .filter(([name]) => !['host', 'content-length', 'connection'].includes(name))
      .map(([name, value]) => [name, String(value)]),
  );
}
