import { context, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import type { ALBEvent } from 'aws-lambda';
import type { IncomingHttpHeaders } from 'node:http';
import { SpanAttr, tracer } from '@picus/core';
import { capText } from '../telemetry/body-capture.js';
import { maskAlbMessage } from '../telemetry/masking.js';

/** How an invocation ended, as ALB sees it. */
export type InvocationOutcome = 'ok' | 'malformed-result' | 'error' | 'timeout';

/**
 * The span of one Lambda invocation, as the host runs it for ALB: made only while tracing is on.
 * It continues the router's `traceparent`, carries the exact ALB event the function received and
 * the result it returned (secrets masked, capped), and the function's own spans (its server span,
 * its DynamoDB calls) run inside it.
 */
export class InvocationSpan {
  readonly context: Context;
  private readonly span: Span;

  constructor(options: { functionName: string; invocationId: string; coldStart: boolean; headers: IncomingHttpHeaders; event: ALBEvent }) {
    const parent = propagation.extract(context.active(), options.headers);
    const event = capText(JSON.stringify(maskAlbMessage(options.event)));
    this.span = tracer().startSpan(
      `lambda ${options.functionName}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [SpanAttr.faasName]: options.functionName,
          [SpanAttr.faasInvocationId]: options.invocationId,
          [SpanAttr.faasColdStart]: options.coldStart,
          [SpanAttr.method]: options.event.httpMethod,
          [SpanAttr.path]: options.event.path,
          [SpanAttr.lambdaEvent]: event.text,
          [SpanAttr.lambdaEventTruncated]: event.truncated,
        },
      },
      parent,
    );
    this.context = trace.setSpan(parent, this.span);
  }

  /** Ends the span with the function's result (when it returned one) and ALB's status. */
  end(outcome: InvocationOutcome, status: number, result?: unknown): void {
    if (result !== undefined) {
      const text = capText(JSON.stringify(typeof result === 'object' && result !== null ? maskAlbMessage(result) : result) ?? 'undefined');
      this.span.setAttributes({ [SpanAttr.lambdaResult]: text.text, [SpanAttr.lambdaResultTruncated]: text.truncated });
      // Under Compose this span starts the trace (nginx makes none): it names the request as the function answered.
      const { headers, multiValueHeaders } = (typeof result === 'object' && result !== null ? result : {}) as {
        headers?: Record<string, unknown>;
        multiValueHeaders?: Record<string, unknown[]>;
      };
      const requestId = headers?.['x-request-id'] ?? multiValueHeaders?.['x-request-id']?.[0];
      if (typeof requestId === 'string') this.span.setAttribute(SpanAttr.requestId, requestId);
    }
    this.span.setAttributes({ [SpanAttr.lambdaOutcome]: outcome, [SpanAttr.status]: status });
    if (outcome !== 'ok') this.span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
    this.span.end();
  }
}
