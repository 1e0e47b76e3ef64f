import { describe, expect, it } from 'vitest';
import { createCursorCodec } from '../src/cursor.js';
import { InvalidCursorError } from '../src/domain-errors.js';

const codec = createCursorCodec('a-test-cursor-secret');
const ID = '3f2b8c1e-7a4d-4e2f-9b6a-1c2d3e4f5a6b';

/** Other spellings that Node's lenient base64url decoder maps to the same bytes as `text`. */
function respellings(text: string): string[] {
  const bytes = Buffer.from(text, 'base64url');
  const standard = bytes.toString('base64');
  const spellings = [standard, `${text}=`, text.replace(/-/g, '+').replace(/_/g, '/')];
  // The last character of an unpadded base64 string carries unused low bits; setting them keeps the bytes.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(text.at(-1) ?? 'A');
  const unusedBits = text.length % 4 === 2 ? 4 : text.length % 4 === 3 ? 2 : 0;
  if (unusedBits > 0) spellings.push(`${text.slice(0, -1)}${alphabet[last | 1]}`);
  return spellings.filter((spelling) => spelling !== text && Buffer.from(spelling, 'base64url').equals(bytes));
}

describe('cursor codec', () => {
  it('when a cursor it issued comes back, then it decodes to the same key', () => {
    expect(codec.decode(codec.encode({ id: ID }))).toEqual({ id: ID });
  });

  it('when the body or the signature is respelled in non-canonical base64, then the cursor is refused', () => {
    const cursor = codec.encode({ id: ID });
    const [body, signature] = cursor.split('.') as [string, string];
    const variants = [...respellings(body).map((b) => `${b}.${signature}`), ...respellings(signature).map((s) => `${body}.${s}`)];
    // Each respelling decodes to the same bytes, so only the canonical check can tell them apart.
    expect(variants.length).toBeGreaterThanOrEqual(3);
    for (const variant of variants)
      expect(() => codec.decode(variant), variant).toThrow(new InvalidCursorError('The cursor is malformed.'));
  });

  it('when the cursor holds characters outside base64url, then it is malformed', () => {
    expect(() => codec.decode('ey J9.abc')).toThrow('The cursor is malformed.');
  });
});
