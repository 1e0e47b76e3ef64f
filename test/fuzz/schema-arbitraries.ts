import fc from 'fast-check';

/** The part of OpenAPI 3.0's schema object the generators read. */
export interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: boolean | Schema;
  readonly items?: Schema;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** Strings that stress parsers: unicode, control characters, huge, and keys with meaning in JS. */
export const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    '',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    '\u0000',
    '\ud800',
    '💥'.repeat(100),
    '%00',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
  ),
  fc.integer({ min: 1_000, max: 50_000 }).map((length) => 'x'.repeat(length)),
);

const dangerousKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', '', ' ', '$where', 'a.b', 'payload', 'id');
/** Numbers of every magnitude JSON carries; the far ones (past 1e125, below 1e-130) are rarer, as in real payloads. */
const jsonNumber = fc.oneof(
  { weight: 4, arbitrary: fc.integer() },
  { weight: 4, arbitrary: fc.double({ min: -1e20, max: 1e20, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);
const jsonLeaf = fc.oneof(fc.boolean(), fc.constant(null), jsonNumber, nastyString);

/** Any JSON, now and then very deep: what an open object (`additionalProperties: true`) may hold. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: jsonLeaf },
  {
    weight: 5,
    arbitrary: fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', maxDepth: 4 },
        jsonLeaf,
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 10 }), tie('value'), { maxKeys: 4 }),
      ),
    })).value,
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 20, max: 200 }).map((depth) => {
      let value: unknown = 'bottom';
      for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { d: value };
      return value;
    }),
  },
);

/** Reads `#/components/...` references against the document. */
export function resolver(document: object): (schema: Schema) => Schema {
  const resolve = (schema: Schema): Schema => {
    if (!schema.$ref) return schema;
    const target = schema.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
    if (!target) throw new Error(`Unresolved reference ${schema.$ref}`);
    return resolve(target as Schema);
  };
  return resolve;
}

/**
 * Values a schema accepts: each type, format, range, enum and required property it states, with
 * open objects carrying extra properties of any JSON (dangerous keys included).
 */
export function validValue(schema: Schema, resolve: (schema: Schema) => Schema): fc.Arbitrary<unknown> {
  const own = resolve(schema);
  if (own.enum) return fc.constantFrom(...own.enum);
  switch (own.type) {
    case 'string':
      if (own.format === 'uuid') return fc.uuid();
      if (own.format === 'date-time') return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
      return nastyString.filter((text) => text.length >= (own.minLength ?? 0) && text.length <= (own.maxLength ?? 5_000));
    case 'integer':
      return fc.integer({ min: own.minimum ?? -1_000_000, max: own.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: own.minimum ?? -1e300, max: own.maximum ?? 1e300, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(own.items ? validValue(own.items, resolve) : anyJson, { maxLength: 5 });
    case 'object':
    case undefined: {
      const properties = own.properties ?? {};
      const required = new Set(own.required ?? []);
      const known = fc.record(
        Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, validValue(property, resolve)])),
        { requiredKeys: [...required] },
      );
      if (own.additionalProperties === false) return known;
      const extraValue = typeof own.additionalProperties === 'object' ? validValue(own.additionalProperties, resolve) : anyJson;
      const extraKey = fc.oneof(fc.string({ maxLength: 20 }), dangerousKey).filter((key) => !(key in properties));
      return fc.tuple(fc.dictionary(extraKey, extraValue, { maxKeys: 6 }), known).map(([extra, fields]) => ({ ...extra, ...fields }));
    }
    default:
      return anyJson;
  }
}

/** Values a schema refuses: the wrong type, outside its range or format, or (objects) a required property missing or wrong. */
export function invalidValue(schema: Schema, resolve: (schema: Schema) => Schema): fc.Arbitrary<unknown> {
  const own = resolve(schema);
  const wrongType = fc
    .oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 }), fc.string())
    .filter((value) => !matchesType(value, own.type));
  const variants: Array<fc.Arbitrary<unknown>> = [wrongType];
  if (own.type === 'string' && own.format === 'uuid') variants.push(nastyString);
  if ((own.type === 'integer' || own.type === 'number') && own.minimum !== undefined)
    variants.push(fc.integer({ min: -1_000_000, max: Math.ceil(own.minimum) - 1 }));
  if ((own.type === 'integer' || own.type === 'number') && own.maximum !== undefined)
    variants.push(fc.integer({ min: Math.floor(own.maximum) + 1, max: 10_000_000 }));
  if (own.type === 'object' && own.required && own.required.length > 0) {
    const required = own.required;
    const valid = validValue(own, resolve) as fc.Arbitrary<Record<string, unknown>>;
    variants.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([value, name]) => {
        const copy = { ...value };
        delete copy[name];
        return copy;
      }),
      fc
        .tuple(valid, fc.constantFrom(...required))
        .chain(([value, name]) => invalidValue(own.properties?.[name] ?? {}, resolve).map((wrong) => ({ ...value, [name]: wrong }))),
    );
  }
  return fc.oneof(...variants);
}

function matchesType(value: unknown, type: string | undefined): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return true;
  }
}
