import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { UnrepresentablePayloadError } from './domain-errors.js';

/**
 * The payload as DynamoDB users expect it: a native map (`M`), numbers as numbers (`N`), so the
 * console, PartiQL, a GSI or a Streams consumer can read its fields. Hand-written rather than the
 * SDK's `marshall`/`unmarshall`: those refuse integers beyond 2^53 unless told to be imprecise, and
 * read them back as BigInt (or throw on `1e300`), whereas a JSON body's numbers are doubles already
 * and must come back as the very same doubles.
 *
 * What DynamoDB cannot hold is refused with {@link UnrepresentablePayloadError} (a 422) instead of
 * being stored changed: numbers beyond its range (magnitude above 9.99…E+125 or non-zero below
 * 1E-130), and maps and lists nested deeper than its 32
 * levels (the payload attribute is level 1 and the innermost value takes a level of its own, so at
 * most {@link MAX_CONTAINER_DEPTH} maps and lists in a chain, the payload included).
 */

/** DynamoDB's limit is 32 levels with the scalar innermost counted: 31 containers in a chain. */
export const MAX_CONTAINER_DEPTH = 31;
/** Powers of ten of the first significant digit: DynamoDB holds 1E-130 up to 9.99…E+125. */
const MAX_EXPONENT = 125;
const MIN_EXPONENT = -130;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The payload (a JSON object) as a DynamoDB map attribute. @throws UnrepresentablePayloadError */
export function encodePayload(payload: object): AttributeValue {
  return encodeValue(payload as Json, 1, '');
}

function encodeValue(value: Json, depth: number, path: string): AttributeValue {
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'number':
      return { N: encodeNumber(value, path) };
    case 'boolean':
      return { BOOL: value };
    default:
      break;
  }
  if (value === null) return { NULL: true };
  if (depth > MAX_CONTAINER_DEPTH) {
    throw new UnrepresentablePayloadError(`The payload nests objects and arrays deeper than DynamoDB's 32 levels (at "${path}").`, path);
  }
  if (Array.isArray(value)) {
    const list = new Array<AttributeValue>(value.length);
    for (let i = 0; i < value.length; i += 1) list[i] = encodeValue(value[i] as Json, depth + 1, `${path}/${i}`);
    return { L: list };
  }
  // A null-prototype record: a `__proto__` key is then an ordinary own key, not a prototype change.
  const map: Record<string, AttributeValue> = Object.create(null) as Record<string, AttributeValue>;
  for (const key of Object.keys(value)) map[escapeKey(key)] = encodeValue(value[key] as Json, depth + 1, `${path}/${key}`);
  return { M: map };
}

function encodeNumber(value: number, path: string): string {
  // JSON.parse only makes finite numbers here (the body reviver refuses 1e999); -0 is written "0", as JSON writes it.
  const text = String(value);
  if (value === 0) return text;
  // Decided on the decimal text, as DynamoDB decides: as doubles, 9.99…E+125 with 38 nines and 1E+126 are the same number.
  // DynamoDB's other number limit, 38 significant digits, needs no check: a double prints with at most 17.
  const exponent = exponentOf(text);
  if (exponent > MAX_EXPONENT || exponent < MIN_EXPONENT) {
    throw new UnrepresentablePayloadError(
      `The number ${text} at "${path}" is outside DynamoDB's range (magnitude 1E-130 to 9.9999999999999999999999999999999999999E+125, or 0).`,
      path,
    );
  }
  return text;
}

/** "1.5e-7" → -7: the power of ten of the first significant digit. */
function exponentOf(text: string): number {
  const [mantissa = '', power = '0'] = text.replace(/^-/, '').split(/e/i);
  const [whole = '', fraction = ''] = mantissa.split('.');
  const significant = `${whole}${fraction}`.replace(/^0+/, '');
  const leadingZeros = `${whole}${fraction}`.length - significant.length;
  return Number(power) + whole.length - 1 - leadingZeros;
}

/**
 * The stored payload back as JSON. Accepts both shapes: a map (written since payloads became maps)
 * and the JSON text older versions wrote, so items stored before the change stay readable.
 */
export function decodePayload(stored: AttributeValue | undefined): Record<string, unknown> {
  if (stored?.S !== undefined) return JSON.parse(stored.S) as Record<string, unknown>;
  if (stored?.M === undefined) throw new TypeError('The stored item has no payload map.');
  return decodeValue(stored) as Record<string, unknown>;
}

function decodeValue(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  // DynamoDB normalises a number's text (1e+21 may come back as 1000000000000000000000); the decimal
  // value is the same, so Number() gives back the double that was written.
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.L !== undefined) return value.L.map(decodeValue);
  if (value.M !== undefined) {
    const object: Record<string, unknown> = {};
    for (const stored of Object.keys(value.M)) {
      const key = unescapeKey(stored);
      const decoded = decodeValue(value.M[stored] as AttributeValue);
      // Assignment would turn a stored `__proto__` key into a prototype; define it as the own key it was.
      if (key === '__proto__') Object.defineProperty(object, key, { value: decoded, enumerable: true, writable: true, configurable: true });
      else object[key] = decoded;
    }
    return object;
  }
  throw new TypeError(`The stored payload holds a DynamoDB type JSON has no equivalent for (${Object.keys(value).join(', ')}).`);
}

/**
 * One key is stored changed: `__proto__` becomes `\u0000__proto__` (and a key that already starts
 * with NUL gets one more, so the mapping stays one-to-one). DynamoDB itself stores `__proto__`
 * as any other name, and so does the SDK, but the embedded DynamoDB (dynalite 4) rebuilds maps by
 * assignment and silently drops it; escaping keeps the stored form the same everywhere, so an
 * item round-trips exactly whichever DynamoDB holds it.
 */
function escapeKey(key: string): string {
  return key === '__proto__' || key.startsWith('\u0000') ? `\u0000${key}` : key;
}

function unescapeKey(key: string): string {
  return key.startsWith('\u0000') ? key.slice(1) : key;
}
