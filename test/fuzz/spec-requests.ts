import fc from 'fast-check';
import { specOperations, type SpecOperation } from '@picus/testkit';
import { invalidValue, nastyString, resolver, validValue, type Schema } from './schema-arbitraries.js';

/** One request the fuzzer sends. */
export interface FuzzRequest {
  /** The operation it was generated for, if any (odd requests belong to none). */
  readonly operationId?: string;
  readonly method: string;
  /** Path and query string. */
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema: Schema;
}

/** Replaces lone surrogates (which cannot be percent-encoded) with U+FFFD, as a client sending the text would. */
const wellFormed = (text: string) => text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** Parameter texts that no typed parameter accepts, or that stress URL handling. */
const oddParameterText = fc.oneof(
  nastyString,
  fc.constantFrom('', 'ten', '1.5', '1e3', '0x10', 'NaN', '-0', ' 5', '%00', '99999999999999999999999', 'a.b', '.', 'x'.repeat(3000)),
);

/** Bodies that are not JSON at all, or JSON with tricks. */
const malformedBody = fc.oneof(
  fc.string(),
  fc.constantFrom('{', '{"a":', '{"a":"b"', 'null', '[]', '{"a":"b"}{}', '\u0000', '{"__proto__":{"polluted":1}}', '{"n":1e999}'),
);

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=x',
  '',
  'application/json; charset=latin1',
);

/**
 * Requests for every operation of the document, each built from what the spec says of it: path
 * and query parameters valid for their schemas or not, and for operations with a JSON body, bodies
 * valid for its schema, invalid ones, malformed ones and other content types. An operation added to
 * openapi.yaml is fuzzed with no change here. Odd methods and paths come on top.
 */
export function specRequests(document: object): fc.Arbitrary<FuzzRequest> {
  const resolve = resolver(document);
  const perOperation = specOperations(document).map((operation) => operationRequests(operation, resolve));
  return fc.oneof(...perOperation, oddRequests());
}

function operationRequests(operation: SpecOperation, resolve: (schema: Schema) => Schema): fc.Arbitrary<FuzzRequest> {
  const parameters = ((operation.definition.parameters ?? []) as Array<Parameter | { $ref: string }>).map(
    (parameter) => resolve(parameter as Schema) as unknown as Parameter,
  );
  const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = parameters.filter((parameter) => parameter.in === 'query');
  const text = (parameter: Parameter) =>
    fc.oneof(
      { weight: 3, arbitrary: validValue(parameter.schema, resolve).map(String) },
      { weight: 2, arbitrary: invalidValue(parameter.schema, resolve).map(String) },
      { weight: 1, arbitrary: oddParameterText },
    );

  const url = fc
    .record({
      path: fc.record(Object.fromEntries(pathParameters.map((parameter) => [parameter.name, text(parameter)]))),
      query: fc.record(Object.fromEntries(queryParameters.map((parameter) => [parameter.name, text(parameter)])), { requiredKeys: [] }),
    })
    .map(({ path, query }) => {
      // A lone surrogate cannot be percent-encoded; a client would send U+FFFD in its place.
      const filled = operation.path.replace(/\{([^}]+)\}/g, (_whole, name: string) => encodeURIComponent(wellFormed(String(path[name]))));
      const search = new URLSearchParams(query as Record<string, string>).toString();
      return search ? `${filled}?${search}` : filled;
    });

  const bodySchema = (operation.definition.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content?.[
    'application/json'
  ]?.schema;
  const bodies: fc.Arbitrary<{ headers: Record<string, string>; body?: string }> = bodySchema
    ? fc.oneof(
        {
          weight: 6,
          arbitrary: validValue(bodySchema, resolve).map((value) => ({
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(value),
          })),
        },
        {
          weight: 2,
          arbitrary: invalidValue(bodySchema, resolve).map((value) => ({
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(value),
          })),
        },
        { weight: 1, arbitrary: malformedBody.map((body) => ({ headers: { 'content-type': 'application/json' }, body })) },
        // A valid body under other content types: some are refused (415), a JSON one with a charset is stored.
        {
          weight: 1,
          arbitrary: fc
            .tuple(contentTypes, validValue(bodySchema, resolve))
            .map(([type, value]) => ({ headers: type ? { 'content-type': type } : {}, body: JSON.stringify(value) })),
        },
      )
    : fc.constant({ headers: {} });

  return fc.tuple(url, bodies).map(([path, { headers, body }]) => ({
    operationId: operation.operationId,
    method: operation.method,
    path,
    headers,
    ...(body === undefined ? {} : { body }),
  }));
}

/** Methods and paths no operation has, including encodings and traversal. */
function oddRequests(): fc.Arbitrary<FuzzRequest> {
  const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE');
  const path = fc.oneof(
    fc.constantFrom(
      '/',
      '/picus',
      '/picus/',
      '/picus/get',
      '/picus/get/',
      '/picus/list/extra',
      '/picus/health/x',
      '/PICUS/health',
      '/picus/%2e%2e/health',
      '/picus/get/%00',
      '/picus//list',
      '/docs/../picus/health',
    ),
    fc.webPath().map((web) => `/picus${web}`),
    fc.string({ maxLength: 40 }).map((text) => `/picus/get/${encodeURIComponent(wellFormed(text))}`),
  );
  return fc.tuple(method, path, fc.option(malformedBody, { nil: undefined })).map(([verb, target, body]) => ({
    method: verb,
    path: target,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && verb !== 'GET' && verb !== 'HEAD' ? { body } : {}),
  }));
}
