import fc from 'fast-check';
import { openApiDocument } from '@picus/core';

/** Arbitraries for request inputs, derived from the spec's schemas so they follow it when it changes. */
type Schema = { type?: string; required?: string[]; properties?: Record<string, Schema>; minimum?: number; maximum?: number; maxLength?: number; minLength?: number; format?: string };

const schemas = (openApiDocument.components?.schemas ?? {}) as Record<string, Schema>;
const newItem = schemas.NewItem as Schema;
const listParameters = (openApiDocument.paths['/picus/list']?.get?.parameters ?? []) as Array<{ name: string; schema: Schema }>;
const limitSchema = listParameters.find((parameter) => parameter.name === 'limit')?.schema ?? {};

/** Strings that stress parsers: unicode, control characters, huge, and keys with meaning in JS. */
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom('', '__proto__', 'constructor', 'prototype', 'toString', '\u0000', '\ud800', '💥'.repeat(100), '%00', '../../etc/passwd', '<script>alert(1)</script>', "' OR 1=1 --"),
  fc.integer({ min: 1_000, max: 50_000 }).map((length) => 'x'.repeat(length)),
);

const dangerousKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', '', ' ', '$where', 'a.b', 'payload', 'id');
const jsonLeaf = fc.oneof(fc.boolean(), fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), nastyString);

/** Nested JSON values, sometimes very deep. */
const nestedJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.integer({ min: 20, max: 200 }).map((depth) => {
    let value: unknown = 'bottom';
    for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { d: value };
    return value;
  }),
);

/** A body the spec accepts: the required string properties plus any extra properties. */
export const validNewItem = fc
  .record({
    required: fc.record(Object.fromEntries((newItem.required ?? []).map((name) => [name, nastyString.filter((text) => text.length < 5_000)]))),
    extra: fc.dictionary(fc.oneof(fc.string({ maxLength: 20 }), dangerousKey).filter((key) => !(newItem.required ?? []).includes(key)), fc.oneof(jsonLeaf, nestedJson), { maxKeys: 6 }),
  })
  .map(({ required, extra }) => ({ ...extra, ...required }) as Record<string, unknown>);

/** A body the spec rejects: a required property missing or of the wrong type, or not an object at all. */
export const invalidNewItem = fc.oneof(
  fc.tuple(validNewItem, fc.constantFrom(...(newItem.required ?? []))).map(([item, name]) => {
    const copy = { ...item };
    delete copy[name];
    return copy;
  }),
  fc.tuple(validNewItem, fc.constantFrom(...(newItem.required ?? [])), fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.object())).map(([item, name, wrong]) => ({ ...item, [name]: wrong })),
  fc.oneof(fc.array(jsonLeaf), jsonLeaf),
);

/** Raw bodies that are not JSON at all, or JSON with tricks. */
export const malformedBody = fc.oneof(
  fc.string(),
  fc.constantFrom('{', '{"name":', '{"name":"a","role":"b"', 'null', '[]', '{"name":"a","role":"b"}{}', '\u0000', '{"__proto__":{"polluted":1},"name":"a","role":"b"}', '{"name":"a","role":"b","n":1e999}'),
);

/** Query values for `limit`: inside and outside the spec's range, and not numbers. */
export const limitValue = fc.oneof(
  fc.integer({ min: limitSchema.minimum ?? 1, max: limitSchema.maximum ?? 1000 }).map(String),
  fc.oneof(fc.integer({ min: -1_000_000, max: (limitSchema.minimum ?? 1) - 1 }), fc.integer({ min: (limitSchema.maximum ?? 1000) + 1, max: 10_000_000 })).map(String),
  fc.constantFrom('', 'ten', '1.5', '1e3', '0x10', 'NaN', '-0', ' 5', '%00', '99999999999999999999999'),
);

/** Cursors: none of these was issued by the API. */
export const forgedCursor = fc.oneof(fc.string({ maxLength: 300 }), fc.base64String({ maxLength: 200 }), fc.constantFrom('a.b', '.', 'e30.AAAA', 'x'.repeat(3000)));

/** Paths under the API and off it, including ones with encodings and traversal. */
export const oddPath = fc.oneof(
  fc.constantFrom('/', '/picus', '/picus/', '/picus/get', '/picus/get/', '/picus/list/extra', '/picus/health/x', '/PICUS/health', '/picus/%2e%2e/health', '/picus/get/%00', '/picus//list', '/docs/../picus/health'),
  fc.webPath().map((path) => `/picus${path}`),
  fc.string({ maxLength: 40 }).map((text) => `/picus/get/${encodeURIComponent(text)}`),
);

export const oddMethod = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE');
export const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', '', 'application/json; charset=latin1');
