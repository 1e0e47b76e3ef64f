import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SpanAttr, tracer } from '@picus/core';
import { BodyCapture } from '../telemetry/body-capture.js';
import { maskHeaders, maskQuery } from '../telemetry/masking.js';
import type { MatchedRule } from './rule-matcher.js';
import type { Target } from './target-group.js';
import { requestIdFor } from './trace-id.js';

/** What the router did with a request, for the console's list. */
export type RouterOutcome =
  'forwarded' | 'fixed-response' | 'no-healthy-target' | 'target-error' | 'target-timeout' | 'jwt-missing' | 'jwt-invalid';

const REQUEST_BODY = {
  body: SpanAttr.requestBody,
  size: SpanAttr.requestBodySize,
  truncated: SpanAttr.requestBodyTruncated,
  encoding: SpanAttr.requestBodyEncoding,
};
const RESPONSE_BODY = {
  body: SpanAttr.responseBody,
  size: SpanAttr.responseBodySize,
  truncated: SpanAttr.responseBodyTruncated,
  encoding: SpanAttr.responseBodyEncoding,
};

/**
 * The router's span for one request, made only while tracing is on: the listener rule that
 * matched, the target group and target, ALB's outcome, and the exchange itself (headers with
 * secrets masked, bodies capped). It continues a caller's `traceparent` and hands its own to the
 * target, so the handler's spans hang below it. Ends when the response is done.
 */
export class RouterSpan {
  private readonly span: Span;
  private readonly requestBody = new BodyCapture();
  private readonly responseBody = new BodyCapture();
  private outcome: RouterOutcome = 'forwarded';
  private answeredHeaders: Record<string, string | string[] | number | undefined> | undefined;

  constructor(
    private readonly req: IncomingMessage,
    res: ServerResponse,
    /** The X-Amzn-Trace-Id the router set for this request. */
    private readonly traceId: string,
  ) {
    const [path = '/', query] = (req.url ?? '/').split('?', 2);
    const parent = propagation.extract(context.active(), req.headers);
    this.span = tracer().startSpan(
      `router ${req.method ?? 'GET'} ${path}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [SpanAttr.method]: req.method ?? 'GET',
          [SpanAttr.path]: path,
          ...(query ? { [SpanAttr.query]: maskQuery(query) } : {}),
          [SpanAttr.clientAddress]: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
          [SpanAttr.requestHeaders]: JSON.stringify(maskHeaders(req.headers)),
          ...(req.headers['user-agent'] ? { [SpanAttr.userAgent]: req.headers['user-agent'] } : {}),
        },
      },
      parent,
    );
    req.on('data', (chunk: Buffer) => this.requestBody.push(chunk));
    res.once('close', () => this.end(res));
  }

  /** The rule that matched; undefined means the listener's default action answered. */
  rule(rule: MatchedRule | undefined): void {
    if (!rule) {
      this.span.setAttributes({ [SpanAttr.albRule]: 'default' });
      this.outcome = 'fixed-response';
      return;
    }
    this.span.setAttributes({
      [SpanAttr.albRule]: rule.description,
      [SpanAttr.albRulePriority]: rule.priority,
      [SpanAttr.albTargetGroup]: rule.targetGroup,
    });
  }

  target(target: Target): void {
    this.span.setAttribute(SpanAttr.albTarget, `${target.host}:${target.port}`);
  }

  /** This span's `traceparent` (and `tracestate`), which the target gets in place of the caller's. */
  traceContext(): Record<string, string> {
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), this.span), carrier);
    this.span.setAttribute(SpanAttr.amznTraceId, this.traceId);
    return carrier;
  }

  /** The headers of the answer, as given to `writeHead` (which `getHeaders()` does not see). */
  responseHeaders(headers: Record<string, string | string[] | number | undefined>): void {
    this.answeredHeaders = headers;
  }

  responseChunk(chunk: Buffer | string): void {
    this.responseBody.push(chunk);
  }

  setOutcome(outcome: RouterOutcome): void {
    this.outcome = outcome;
  }

  private end(res: ServerResponse): void {
    // The id the handler answered with; for an answer the router made itself, the one the handler would have used.
    const responseRequestId = this.answeredHeaders?.['x-request-id'] ?? res.getHeader('x-request-id');
    const requestId =
      (typeof responseRequestId === 'string' && responseRequestId) || requestIdFor(this.req.headers['x-request-id'], this.traceId);
    this.span.setAttributes({
      [SpanAttr.status]: res.statusCode,
      [SpanAttr.albOutcome]: res.writableFinished ? this.outcome : 'client-closed',
      [SpanAttr.responseHeaders]: JSON.stringify(
        maskHeaders(this.answeredHeaders ?? (res.getHeaders() as Record<string, string | string[] | number>)),
      ),
      ...(requestId ? { [SpanAttr.requestId]: requestId } : {}),
      ...this.requestBody.attributes(REQUEST_BODY),
      ...this.responseBody.attributes(RESPONSE_BODY),
    });
    if (res.statusCode >= 500) this.span.setStatus({ code: SpanStatusCode.ERROR, message: this.outcome });
    this.span.end();
  }
}
