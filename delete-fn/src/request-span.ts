import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { SpanAttr, tracer, tracingEnabled } from '@picus/core';
import type { HttpRequest, HttpResponse } from './http-message.js';

/**
 * A server span around one request, as core's requestSpans middleware makes one in the api, only
 * while tracing is on. Its parent is the span already active (the local Lambda host's invocation,
 * or ADOT's Lambda span on AWS), else the caller's W3C `traceparent`; the DynamoDB calls made while
 * answering are its children. The handler names it by the spec's route once the route matched.
 */
export async function inRequestSpan(request: HttpRequest, answer: () => Promise<HttpResponse>): Promise<HttpResponse> {
  if (!tracingEnabled()) return answer();
  const active = context.active();
  const parent = trace.getSpan(active) ? active : propagation.extract(active, request.headers);
  const userAgent = request.headers['user-agent'];
  const span = tracer().startSpan(
    `${request.method} ${request.path}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        [SpanAttr.method]: request.method,
        [SpanAttr.path]: request.path,
        ...(userAgent ? { [SpanAttr.userAgent]: userAgent } : {}),
        ...(request.headers['x-amzn-trace-id'] ? { [SpanAttr.amznTraceId]: request.headers['x-amzn-trace-id'] } : {}),
      },
    },
    parent,
  );
  try {
    const response = await context.with(trace.setSpan(parent, span), answer);
    const requestId = response.headers['x-request-id'];
    if (requestId) span.setAttribute(SpanAttr.requestId, requestId);
    span.setAttribute(SpanAttr.status, response.status);
    if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    return response;
  } finally {
    span.end();
  }
}

/** Names the active request span by the spec's route, as the api's spans are named once validated. */
export function nameRequestSpan(method: string, route: string): void {
  const span = trace.getActiveSpan();
  if (!span || !tracingEnabled()) return;
  span.setAttribute(SpanAttr.route, route);
  span.updateName(`${method} ${route}`);
}
