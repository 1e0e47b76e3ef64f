import { UnrepresentableNumberError, refuseUnrepresentableNumbers } from '@picus/core';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/** Refused as express.json() (body-parser) refuses a body: core's problem mapping reads `type`. */
export class BodyError extends Error {
  override readonly name = 'BodyError';
  constructor(
    readonly type: 'entity.parse.failed' | 'entity.too.large' | 'encoding.unsupported' | 'charset.unsupported',
    message: string,
  ) {
    super(message);
  }
}

const INFLATE: Record<string, ((bytes: Buffer) => Buffer) | undefined> = {
  identity: (bytes) => bytes,
  gzip: gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};
// JSON whitespace, as body-parser skips it before its strict check.
const FIRST_CHARACTER = /^[ \t\n\r]*([^ \t\n\r])/;

/**
 * Reads a JSON body as the api's express.json({ limit, type: 'application/json' }) does, with
 * core's reviver rule (a number beyond ±1.8e308 is refused, not stored as null): only an
 * `application/json` body is read; its charset must be a UTF; gzip, deflate and br are inflated;
 * past `limit` bytes it is too large; only an object or array parses. DELETE takes no body, yet a
 * body it cannot read is answered as the api answers it.
 */
export function readJsonBody(headers: Readonly<Record<string, string | undefined>>, body: Buffer, limit: number): unknown {
  const contentType = headers['content-type'];
  if (!contentType || contentType.split(';')[0]?.trim().toLowerCase() !== 'application/json') return undefined;
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase() ?? 'utf-8';
  if (!charset.startsWith('utf-')) throw new BodyError('charset.unsupported', `unsupported charset "${charset.toUpperCase()}"`);
  const encoding = (headers['content-encoding'] ?? 'identity').toLowerCase();
  const inflate = INFLATE[encoding];
  if (!inflate) throw new BodyError('encoding.unsupported', `unsupported content encoding "${encoding}"`);
  if (body.length > limit) throw new BodyError('entity.too.large', 'request entity too large');
  let text: string;
  try {
    const bytes = inflate(body);
    if (bytes.length > limit) throw new BodyError('entity.too.large', 'request entity too large');
    text = new TextDecoder(charset, { fatal: false }).decode(bytes);
  } catch (error) {
    if (error instanceof BodyError) throw error;
    if (error instanceof RangeError) throw new BodyError('charset.unsupported', `unsupported charset "${charset.toUpperCase()}"`);
    throw new BodyError('entity.parse.failed', 'the body could not be inflated');
  }
  if (text.length === 0) return {};
  const first = FIRST_CHARACTER.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw new BodyError('entity.parse.failed', 'the body is not a JSON object or array');
  try {
    return JSON.parse(text, refuseUnrepresentableNumbers);
  } catch (error) {
    if (error instanceof UnrepresentableNumberError) throw error;
    throw new BodyError('entity.parse.failed', 'the body is not valid JSON');
  }
}
