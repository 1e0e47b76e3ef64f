import {
  HEALTH_CHECK_PATH,
  ProblemError,
  problemAnswer,
  PROBLEM_CONTENT_TYPE,
  requestIdFrom,
  securityHeaders,
  type ItemStore,
  type Logger,
  type components,
} from '@picus/core';
import { randomUUID } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { readJsonBody } from './json-body.js';
import { nodeListener } from './node-listener.js';
import { inRequestSpan, nameRequestSpan } from './request-span.js';
import { validateRequest, validateResponse200 } from './request-validation.js';
import type { HttpRequest, HttpResponse } from './http-message.js';

export type { HttpRequest, HttpResponse } from './http-message.js';

type Deleted = components['schemas']['Deleted'];

export interface DeleteFnDeps {
  readonly store: ItemStore;
  readonly logger: Logger;
  readonly validateResponses: boolean;
  readonly maxBodyBytes: number;
}

/**
 * The Lambda's app: `respond` answers one request; called as a node:http listener (in-process tests,
 * the contract provider), it serves the same answers over HTTP.
 */
export interface DeleteFnApp extends RequestListener {
  /** `bindings` join every log line of this request, e.g. the invocation's `cold_start` and request id. */
  respond(request: HttpRequest, bindings?: Readonly<Record<string, unknown>>): Promise<HttpResponse>;
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * DELETE /picus/{id} without a web framework, on core's problem mapping, logger conventions and item
 * store, with request validation compiled from openapi.yaml at build time. It answers as the api's
 * stack would for the same request (body parsing, then the validator's 404/405/422, then the route),
 * with the same security headers, `x-request-id`, and `x-served-by: delete-fn`.
 */
export function createDeleteFnApp(deps: DeleteFnDeps): DeleteFnApp {
  const fixedHeaders = { ...securityHeaders(), 'x-served-by': 'delete-fn' };

  function respond(request: HttpRequest, bindings: Readonly<Record<string, unknown>> = {}): Promise<HttpResponse> {
    return inRequestSpan(request, () => answerRequest(request, bindings));
  }

  async function answerRequest(request: HttpRequest, bindings: Readonly<Record<string, unknown>>): Promise<HttpResponse> {
    const started = process.hrtime.bigint();
    const serverRequestId = randomUUID();
    const requestId = requestIdFrom(request.headers, () => serverRequestId);
    const log = deps.logger.child({ ...bindings, requestId, serverRequestId });
    log.debug({ method: request.method, path: request.path }, 'request received');
    let answer: { status: number; headers: Record<string, string>; body: string };
    try {
      answer = await handle(request, log);
    } catch (error) {
      const problem = problemAnswer(error, { maxBodyBytes: deps.maxBodyBytes, instance: request.path, requestId, log });
      const named = Object.fromEntries(Object.entries(problem.headers).map(([name, value]) => [name.toLowerCase(), value]));
      answer = {
        status: problem.status,
        headers: { ...named, 'content-type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8` },
        body: problem.body,
      };
    }
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    // The load balancer's health checks would drown the access log; they stay visible at debug.
    const level = request.path === HEALTH_CHECK_PATH ? 'debug' : 'info';
    log[level](
      { method: request.method, path: request.path, status: answer.status, durationMs: Math.round(durationMs * 100) / 100 },
      'request',
    );
    return {
      status: answer.status,
      headers: { ...fixedHeaders, 'x-request-id': requestId, ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) },
      body: answer.body,
    };
  }

  async function handle(request: HttpRequest, log: Logger): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    if (hasMalformedEscape(request.rawQuery)) {
      log.info({ path: request.path }, 'malformed percent-escape in the query string');
      throw new ProblemError('malformedRequest', 'The query string holds a malformed percent-escape.');
    }
    // In the api's order: the body parser, the validator, then the route.
    readJsonBody(request.headers, request.body, deps.maxBodyBytes);
    const valid = validateRequest(request);
    if (valid?.operationId !== 'deleteItem') throw new ProblemError('notFound', 'No route matches this request.');
    nameRequestSpan(request.method, valid.route);
    const id = String(valid.params.id);
    if (!(await deps.store.delete(id))) throw new ProblemError('notFound', 'Item not found');
    log.info({ itemId: id }, 'item deleted');
    const body: Deleted = { deleted: id };
    if (deps.validateResponses) validateResponse200(valid.operationId, request.path, body);
    return { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: JSON.stringify(body) };
  }

  return Object.assign(nodeListener(respond), { respond });
}

/** ALB passes the query string as received, and one that does not decode is refused up front with a 400 problem. */
function hasMalformedEscape(rawQuery: string): boolean {
  return rawQuery.split(/[&=]/).some((text) => {
    try {
      decodeURIComponent(text.replace(/\+/g, '%20'));
      return false;
    } catch {
      return true;
    }
  });
}
