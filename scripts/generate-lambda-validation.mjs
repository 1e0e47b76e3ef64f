// Renders delete-fn/src/generated/request-validation.ts from openapi.yaml: the DELETE Lambda's request
// validation, compiled ahead of time (Ajv standalone code) so the function never compiles a schema, nor
// loads Ajv, on a cold start.
//
// The Ajv build, draft, options and formats are those express-openapi-validator runs in the api
// (resolved from its own install, so an upgrade of it changes both), with the options core's createApp
// gives it: validateFormats (ajv-formats "fast" + its own formats), parameters coerced by type,
// useDefaults, strictNumbers. Routes are matched with the same path-to-regexp call and order it uses.
import { createRequire } from 'node:module';

const fromValidator = createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'));
const Ajv04 = fromValidator('ajv-draft-04').default;
const standaloneCode = fromValidator('ajv/dist/standalone').default;
const addFormats = fromValidator('ajv-formats').default;
const { pathToRegexp } = fromValidator('path-to-regexp');
const { formats: validatorFormats } = fromValidator('./framework/ajv/formats.js');

/** The operations the Lambda serves: the ALB sends it DELETE /picus/* only. */
export const LAMBDA_OPERATIONS = ['deleteItem'];
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PARAMETER_PLACES = { path: 'params', query: 'query', header: 'headers' };

function newAjv(coerceTypes) {
  const ajv = new Ajv04({
    strict: false,
    strictNumbers: true,
    strictTuples: true,
    allowUnionTypes: false,
    validateSchema: false,
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    validateFormats: true,
    code: { source: true, esm: true, lines: true },
  });
  for (const [name, format] of Object.entries(validatorFormats)) ajv.addFormat(name, format);
  addFormats(ajv, { mode: 'fast' });
  return ajv;
}

/** `#/components/...` references inlined, so each compiled schema stands alone. */
function inline(document, value, seen = []) {
  if (Array.isArray(value)) return value.map((entry) => inline(document, entry, seen));
  if (typeof value !== 'object' || value === null) return value;
  if (typeof value.$ref === 'string') {
    if (seen.includes(value.$ref)) throw new Error(`${value.$ref} refers to itself: the Lambda's validation generator inlines references`);
    const target = value.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);
    if (target === undefined) throw new Error(`${value.$ref} does not resolve`);
    return inline(document, target, [...seen, value.$ref]);
  }
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, inline(document, entry, seen)]));
}

/** Every documented path as express-openapi-validator matches it: most specific first, `{id}` as `:id`. */
function routesOf(document) {
  const routes = Object.entries(document.paths ?? {}).map(([path, item]) => ({
    path,
    expressRoute: path.replace(/\{([^}]+)\}/g, ':$1'),
    methods: Object.keys(item)
      .filter((key) => HTTP_METHODS.includes(key))
      .map((key) => key.toUpperCase()),
  }));
  // The validator's sortRoutes: static segments before parameters, then by text.
  const key = (route) => route.expressRoute.replace(/\/:/g, '/~');
  routes.sort((a, b) => (key(a).startsWith(key(b)) ? -1 : key(b).startsWith(key(a)) ? 1 : key(a) > key(b) ? 1 : -1));
  return routes.map((route) => {
    // As the validator calls it under the app's `strict routing` and `case sensitive routing`.
    const { regexp, keys } = pathToRegexp(route.expressRoute, { sensitive: true, strict: true });
    return { ...route, pattern: regexp, keys: keys.map((entry) => entry.name) };
  });
}

/** The schema the validator checks a request's parameters against: `{ query, headers, params }`. */
function parametersSchema(document, operation, where) {
  const places = { query: {}, headers: {}, params: {}, cookies: {} };
  const known = [];
  const allowEmpty = [];
  for (const parameter of (operation.parameters ?? []).map((entry) => inline(document, entry))) {
    const place = PARAMETER_PLACES[parameter.in];
    const { type } = parameter.schema ?? {};
    if (!place || parameter.content || !parameter.schema || type === 'array' || type === 'object' || parameter.style || parameter.explode) {
      throw new Error(
        `${where}: parameter ${parameter.name} (${parameter.in}) uses a style the Lambda's validation generator does not support`,
      );
    }
    const name = parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name;
    const target = (places[place] = places[place].properties ? places[place] : { type: 'object', properties: {} });
    target.properties[name] = parameter.schema;
    if (parameter.required) (target.required ??= []).push(name);
    if (parameter.in === 'query') known.push(name);
    if (parameter.in === 'query' && parameter.allowEmptyValue) allowEmpty.push(name);
  }
  const schema = { required: ['query', 'headers', 'params'], properties: { ...places, body: {} } };
  return { schema, known, allowEmpty };
}

export function renderLambdaValidation(document, header) {
  if (!String(document.openapi).startsWith('3.0'))
    throw new Error('the Lambda validation generator compiles OpenAPI 3.0 documents (draft-04 schemas)');
  const routes = routesOf(document);
  const general = newAjv(true);
  const responses = newAjv(false);
  const operations = [];
  for (const route of routes) {
    for (const method of route.methods) {
      const operation = document.paths[route.path][method.toLowerCase()];
      if (!LAMBDA_OPERATIONS.includes(operation.operationId)) continue;
      if (operation.requestBody) throw new Error(`${operation.operationId}: the Lambda's validation generator compiles no request bodies`);
      const { schema, known, allowEmpty } = parametersSchema(document, operation, operation.operationId);
      general.addSchema(schema, `${operation.operationId}Request`);
      const ok = operation.responses?.['200']?.content?.['application/json']?.schema;
      if (ok) responses.addSchema(inline(document, ok), `${operation.operationId}Response200`);
      // The handler's own route, as Express matches it under `strict routing`: no trailing slash.
      const handlerRoute = pathToRegexp(route.expressRoute, { sensitive: true, trailing: false }).regexp;
      operations.push({
        method,
        path: route.path,
        handlerRoute,
        operationId: operation.operationId,
        knownQuery: known,
        allowEmptyQuery: allowEmpty,
        response200: Boolean(ok),
      });
    }
  }
  const code = (ajv, refs) => {
    const source = standaloneCode(ajv, refs).replace(/^"use strict";/, '');
    if (/\brequire\(/.test(source))
      throw new Error(
        `the compiled validators need Ajv's runtime (${source.match(/require\("[^"]+"\)/)?.[0]}): give delete-fn that dependency and import it here`,
      );
    return source;
  };
  const refs = (names) => Object.fromEntries(names.map((name) => [name, name]));
  const routeTable = routes.map(
    ({ path, methods, pattern, keys }) =>
      `  { path: ${JSON.stringify(path)}, methods: ${JSON.stringify(methods)}, pattern: ${pattern}, keys: ${JSON.stringify(keys)} },`,
  );
  const operationTable = operations.map(
    (op) =>
      `  { method: ${JSON.stringify(op.method)}, path: ${JSON.stringify(op.path)}, operationId: ${JSON.stringify(op.operationId)}, ` +
      `handlerRoute: ${op.handlerRoute}, knownQuery: ${JSON.stringify(op.knownQuery)}, allowEmptyQuery: ${JSON.stringify(op.allowEmptyQuery)} },`,
  );
  const preamble =
    header + '// @ts-nocheck -- Ajv standalone code; delete-fn/src/request-validation.ts gives it types.\n/* eslint-disable */\n';
  const requests =
    preamble +
    '\n/** Every documented path, in the order express-openapi-validator matches them. */\n' +
    `export const routes = [\n${routeTable.join('\n')}\n];\n\n` +
    '/** The operations the Lambda serves; `${operationId}Request` below validates their parameters. */\n' +
    `export const operations = [\n${operationTable.join('\n')}\n];\n\n` +
    '// Parameters are coerced by type, as the validator coerces query and path parameters.\n' +
    `${code(general, refs(operations.map((op) => `${op.operationId}Request`)))}\n`;
  const bodies =
    preamble +
    '\n// The 200 bodies of the operations the Lambda serves, `${operationId}Response200`: not coerced, as the validator checks responses.\n' +
    `${code(responses, refs(operations.filter((op) => op.response200).map((op) => `${op.operationId}Response200`)))}\n`;
  return { requests, responses: bodies };
}
