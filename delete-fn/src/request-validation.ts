import { BadRequest, InternalServerError, MethodNotAllowed, NotFound } from 'express-openapi-validator/dist/framework/types.js';
import { parse as parseQuery } from 'node:querystring';
import * as requestValidators from './generated/request-validators.js';
import * as responseValidators from './generated/response-validators.js';

/** What the compiled validators report, as Ajv reports it. */
interface AjvError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}
type CompiledValidator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

interface Route {
  readonly path: string;
  readonly methods: readonly string[];
  readonly pattern: RegExp;
  readonly keys: readonly string[];
}
interface Operation {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
  readonly handlerRoute: RegExp;
  readonly knownQuery: readonly string[];
  readonly allowEmptyQuery: readonly string[];
}

const routes = requestValidators.routes as readonly Route[];
const operations = requestValidators.operations as readonly Operation[];
const compiled = { ...requestValidators, ...responseValidators } as unknown as Record<string, CompiledValidator | undefined>;

/** A request that passed validation, for an operation the Lambda serves. */
export interface ValidRequest {
  readonly operationId: string;
  /** The spec's path template, e.g. `/picus/{id}`. */
  readonly route: string;
  /** Path parameters, decoded and coerced. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, unknown>>;
}

/**
 * Validates a request against openapi.yaml as express-openapi-validator does in the api, with
 * validators compiled at build time (scripts/generate-lambda-validation.mjs). Throws the
 * validator's own errors (404, 405 with Allow, 400 with Ajv's errors), so core's problem mapping
 * answers them exactly as it answers the api's. Undefined for a documented operation the Lambda
 * does not serve, or a path only the validator matches (a trailing slash): no route serves it.
 */
export function validateRequest(request: {
  method: string;
  path: string;
  rawQuery: string;
  headers: Readonly<Record<string, string | undefined>>;
}): ValidRequest | undefined {
  const route = routes.find((candidate) => candidate.pattern.test(request.path));
  if (!route) throw new NotFound({ path: request.path, message: 'not found' });
  const values = route.pattern.exec(request.path)?.slice(1) ?? [];
  let params: Record<string, unknown>;
  try {
    params = Object.fromEntries(route.keys.map((key, index) => [key, decodeURIComponent(values[index] ?? '')]));
  } catch {
    throw new BadRequest({ path: request.path, message: "malformed uri'" });
  }
  if (!route.methods.includes(request.method)) {
    throw new MethodNotAllowed({
      path: request.path,
      message: `${request.method} method not allowed`,
      headers: { Allow: route.methods.join(', ') },
    });
  }
  const operation = operations.find((candidate) => candidate.path === route.path && candidate.method === request.method);
  if (!operation) return undefined;

  const query = bracketKeysFolded(parseQuery(request.rawQuery));
  for (const [name, value] of Object.entries(query)) {
    if (!operation.knownQuery.includes(name))
      throw new BadRequest({ path: `/query/${name}`, message: `Unknown query parameter '${name}'` });
    if (value === '' && !operation.allowEmptyQuery.includes(name))
      throw new BadRequest({ path: `/query/${name}`, message: `Empty value found for query parameter '${name}'` });
  }
  const validate = compiled[`${operation.operationId}Request`];
  if (!validate) throw new Error(`no compiled validator for ${operation.operationId}: run npm run generate`);
  const data = { query, headers: request.headers, params, body: undefined };
  if (!validate(data)) throw badRequest(request.path, validate.errors ?? []);
  return operation.handlerRoute.test(request.path)
    ? { operationId: operation.operationId, route: operation.path, params: data.params, query: data.query }
    : undefined;
}

/**
 * Checks a 200 body against the operation's schema, as the api's response validation does. Throws
 * the validator's 500 error (core answers it as an internal error and logs it).
 */
export function validateResponse200(operationId: string, path: string, body: unknown): void {
  const validate = compiled[`${operationId}Response200`];
  if (!validate || validate(body)) return;
  const errors = (validate.errors ?? []).map((error) => ({
    path: `/response${error.instancePath}`,
    message: error.message ?? 'is invalid',
  }));
  throw new InternalServerError({ path, message: '.response should match the schema', errors });
}

/** The validator's 400: Ajv's errors, each with the path of the value it is about. */
function badRequest(path: string, errors: readonly AjvError[]): BadRequest {
  const entries = errors.map((error) => {
    const missing = typeof error.params.missingProperty === 'string' ? `${error.instancePath}/${error.params.missingProperty}` : undefined;
    const extra =
      typeof error.params.additionalProperty === 'string' ? `${error.instancePath}/${error.params.additionalProperty}` : undefined;
    const allowed =
      error.keyword === 'enum' && Array.isArray(error.params.allowedValues) ? `: ${error.params.allowedValues.join(', ')}` : '';
    return {
      path: missing ?? extra ?? error.instancePath,
      message: `${error.message ?? 'is invalid'}${allowed}`,
      errorCode: `${error.keyword}.openapi.validation`,
    };
  });
  const error = new BadRequest({
    path,
    message: entries.map((entry) => `request${entry.path.replace(/\//g, '.')} ${entry.message}`).join(', '),
  });
  error.errors = entries;
  return error;
}

/**
 * As the validator reads `a[b]=1`: qs notation for an object under `a`, so the name checked is `a`;
 * a key qs cannot read that way (`[a]`, `a[`) is dropped.
 */
function bracketKeysFolded(query: Record<string, string | string[] | undefined>): Record<string, string | string[] | undefined> {
  const folded: Record<string, string | string[] | undefined> = Object.create(null) as Record<string, string | string[] | undefined>;
  for (const [key, value] of Object.entries(query)) {
    if (!key.includes('[')) {
      folded[key] = value;
      continue;
    }
    const name = /^([^[\]]+)(\[[^\]]*\])+/.exec(key)?.[1];
    if (name !== undefined && !Object.hasOwn(folded, name)) folded[name] = value;
  }
  return folded;
}
