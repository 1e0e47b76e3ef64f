import { PROBLEM_CONTENT_TYPE } from '@picus/core';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The request's body was not what the route takes: answered with its status and message. */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Reads a JSON body of at most `limitBytes`; a larger or malformed one is a {@link BadRequestError}. */
export async function readJson(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  if (type !== 'application/json') throw new BadRequestError('Send JSON (content-type: application/json).', 415);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new BadRequestError(`The body is larger than ${limitBytes} bytes.`, 413);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new BadRequestError('The body is not valid JSON.');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res
    .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) })
    .end(text);
}

/**
 * The console's own error answer, RFC 9457 problem+json (status, title, detail, and the reasons as
 * strings): errors of the console itself, not the API's documented envelope (core/src/problem.ts).
 */
export function sendProblem(res: ServerResponse, status: number, detail: string, errors?: string[]): void {
  if (res.headersSent) return;
  const text = JSON.stringify({
    status,
    title: status >= 500 ? 'Console error' : 'Request refused',
    detail,
    ...(errors?.length ? { errors } : {}),
  });
  res.writeHead(status, { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' }).end(text);
}
