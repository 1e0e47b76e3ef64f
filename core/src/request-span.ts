import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { SpanAttr } from './span-attributes.js';
import { tracer } from './tracing.js';

/**
 * A server span for each request, installed by createApp only while tracing is on. Its parent is
 * the span already active (the Lambda host's invocation, or ADOT's Lambda span in AWS), else the
 * caller's W3C `traceparent` (the router's span). The rest of the chain runs inside the span's
 * context, and {@link requestSpanContext} enters it again after the body parser, so the handler and
 * its DynamoDB calls run inside it too.
 *
 * A caller that sends a `traceparent` whose sampled flag is off is not traced (the SDK's
 * parent-based sampler): the local router's health checks and the stack's own probes send one,
 * so they do not fill the console every half second. Nothing is skipped by User-Agent, which any
 * caller could send.
 */
export function requestSpans() {
  return function requestSpan(req: Request, res: Response, next: NextFunction) {
    const active = context.active();
    const parent = trace.getSpan(active) ? active : propagation.extract(active, req.headers);
    const span = tracer().startSpan(`${req.method} ${req.path}`, { kind: SpanKind.SERVER, attributes: requestAttributes(req) }, parent);
    const spanContext = trace.setSpan(parent, span);
    spanContexts.set(req, spanContext);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      // The spec's path template (`/picus/get/{id}`) once the validator has matched the request.
      const route = (req as Request & { openapi?: { openApiRoute?: string } }).openapi?.openApiRoute;
      if (route) {
        span.setAttribute(SpanAttr.route, route);
        span.updateName(`${req.method} ${route}`);
      }
      const requestId = res.getHeader('x-request-id');
      if (typeof requestId === 'string') span.setAttribute(SpanAttr.requestId, requestId);
      span.setAttribute(SpanAttr.status, res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    context.with(spanContext, next);
  };
}

/**
 * Each request's span context, for {@link requestSpanContext}. Weak: it goes with the request.
 * (Binding the request and response emitters to it instead, as `context.bind` does, patched eight
 * methods on each and wrapped every listener added to them: about 5 % of the api's CPU per request.)
 */
const spanContexts = new WeakMap<Request, Context>();

/**
 * Enters the request's span context again; installed right after the body parser. The parser calls
 * `next` from the request stream's 'end' event, and Node runs a connection's stream events in the
 * context the connection was accepted in, not the request's: without this, a put's handler and its
 * DynamoDB calls would sit outside its trace (or in an earlier request's on the same connection).
 */
export function requestSpanContext() {
  return function reenterRequestSpan(req: Request, _res: Response, next: NextFunction) {
    const spanContext = spanContexts.get(req);
    if (spanContext === undefined || context.active() === spanContext) {
      next();
      return;
    }
    context.with(spanContext, next);
  };
}

function requestAttributes(req: Request): Attributes {
  const attributes: Attributes = { [SpanAttr.method]: req.method, [SpanAttr.path]: req.path };
  const userAgent = req.headers['user-agent'];
  if (userAgent) attributes[SpanAttr.userAgent] = userAgent;
  const { localPort, localAddress } = req.socket ?? {};
  if (localPort) {
    attributes[SpanAttr.serverAddress] = localAddress ?? '';
    attributes[SpanAttr.serverPort] = localPort;
  }
  const amznTraceId = req.headers['x-amzn-trace-id'];
  if (typeof amznTraceId === 'string') attributes[SpanAttr.amznTraceId] = amznTraceId;
  return attributes;
}
