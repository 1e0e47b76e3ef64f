import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidCursorError } from './domain-errors.js';

/** The key a list page resumes from: DynamoDB's LastEvaluatedKey for the items table. */
export interface PageKey {
  readonly id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SIGNATURE_BYTES = 16;

/**
 * List cursors are opaque to clients: `base64url(json(key)).base64url(hmac)`. The HMAC is for
 * integrity, not secrecy, so a cursor that was forged or altered is a clean 422 instead of a
 * DynamoDB error. Every replica must share the key, or a page from one replica cannot be
 * continued on another.
 */
export function createCursorCodec(secret: string) {
  const sign = (body: string) => createHmac('sha256', secret).update(body).digest().subarray(0, SIGNATURE_BYTES);

  return {
    encode(key: PageKey): string {
      const body = Buffer.from(JSON.stringify({ id: key.id })).toString('base64url');
      return `${body}.${sign(body).toString('base64url')}`;
    },

    /** @throws InvalidCursorError when the cursor was not issued with this key, or is malformed. */
    decode(cursor: string): PageKey {
      const [body, signature, ...rest] = cursor.split('.');
      if (!body || !signature || rest.length > 0 || !isCanonicalBase64Url(body) || !isCanonicalBase64Url(signature)) {
        throw new InvalidCursorError('The cursor is malformed.');
      }
      const given = Buffer.from(signature, 'base64url');
      const expected = sign(body);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new InvalidCursorError('The cursor was not issued by this API, or was altered.');
      }
      let key: unknown;
      try {
        key = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        throw new InvalidCursorError('The cursor is malformed.');
      }
      if (typeof key !== 'object' || key === null || typeof (key as PageKey).id !== 'string' || !UUID.test((key as PageKey).id)) {
        throw new InvalidCursorError('The cursor is malformed.');
      }
      return { id: (key as PageKey).id };
    },
  };
}

/**
 * Node's base64url decoder is lenient: it accepts `+`, `/` and `=` padding and ignores the unused
 * low bits of the last character, so many spellings decode to the same bytes. Only the one spelling
 * `encode` produces is accepted, so a cursor has exactly one valid form (nothing to vary in a cache
 * key, a log search or a WAF rule).
 */
function isCanonicalBase64Url(text: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(text) && Buffer.from(text, 'base64url').toString('base64url') === text;
}

export type CursorCodec = ReturnType<typeof createCursorCodec>;
