import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { SpanAttr } from './span-attributes.js';
import { tracer } from './tracing.js';

/**
 * A server span for each request, installed by createApp only while tracing is on. Its parent is
 * the span already active (the Lambda host's invocation, or ADOT's Lambda span in AWS), else the
 * caller's W3C `traceparent` (the router's span). The rest of the chain runs inside the span's
 * context; the body parser (raw-body) binds its callback to the context it was called in, so the
 * handler and its DynamoDB calls run inside it too. (The request and response emitters are not bound
 * to it, as `context.bind` would: that patched eight methods on each and wrapped every listener added
 * to them, about 5 % of the api's CPU per request.)
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
