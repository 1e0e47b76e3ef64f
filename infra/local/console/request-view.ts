import { SpanAttr } from '@picus/core';
import type { AttributeValue, SpanRecord } from './otlp-json.js';
import type { StoredTrace } from './trace-store.js';

/** Where a request's listener rule comes from when no router span says (Compose: nginx's access log). */
export interface RuleSource {
  ruleFor(requestId: string): string | undefined;
}

/** One row of the live list. */
export interface RequestRow {
  readonly traceId: string;
  readonly startMs: number;
  readonly method: string;
  readonly path: string;
  readonly rule?: string;
  readonly targetGroup?: string;
  readonly target?: string;
  readonly status?: number;
  readonly latencyMs: number;
  readonly requestId?: string;
  /** `router` when the router's span made the row (embedded), else the handler's service (Compose). */
  readonly source: string;
}

export interface ExchangeSide {
  readonly headers?: Record<string, string | string[]>;
  readonly body?: string;
  readonly bodySize?: number;
  readonly truncated: boolean;
  readonly encoding?: string;
}

export interface WaterfallSpan {
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly depth: number;
  readonly name: string;
  readonly service: string;
  readonly kind: SpanRecord['kind'];
  readonly offsetMs: number;
  readonly durationMs: number;
  readonly status: SpanRecord['status'];
  readonly attributes: SpanRecord['attributes'];
}

export interface RequestDetail {
  readonly row: RequestRow;
  readonly request: ExchangeSide;
  readonly response: ExchangeSide;
  /** For a Lambda target: the ALB event it received and the result it returned. */
  readonly lambda?: { event?: string; eventTruncated: boolean; result?: string; resultTruncated: boolean; outcome?: string };
  readonly spans: WaterfallSpan[];
  readonly droppedSpans: number;
}

/** The span a request entered the stack by: the earliest server span whose parent is not in the trace. */
export function entrySpan(trace: StoredTrace): SpanRecord | undefined {
  const ids = new Set(trace.spans.map((span) => span.spanId));
  const roots = trace.spans.filter((span) => span.kind === 'server' && !(span.parentSpanId && ids.has(span.parentSpanId)));
  return roots.sort((a, b) => a.startMs - b.startMs)[0];
}

/**
 * True while the trace's entry span is a handler's whose caller's span has not arrived: in the
 * embedded stack the router's span, which carries the rule and the exchange, is exported a moment
 * after the handler's. A router span never waits (its parent, if any, is the client's).
 */
export function awaitsParent(trace: StoredTrace): boolean {
  const entry = entrySpan(trace);
  return entry?.parentSpanId !== undefined && entry.attributes[SpanAttr.albRule] === undefined;
}

export function requestRow(trace: StoredTrace, rules?: RuleSource): RequestRow | undefined {
  const entry = entrySpan(trace);
  if (!entry) return undefined;
  const attr = entry.attributes;
  const requestId = text(attr[SpanAttr.requestId]);
  const fromRouter = attr[SpanAttr.albRule] !== undefined;
  const rule = text(attr[SpanAttr.albRule]) ?? (requestId ? rules?.ruleFor(requestId) : undefined);
  const serverPort = attr[SpanAttr.serverPort];
  const target =
    text(attr[SpanAttr.albTarget]) ?? (fromRouter ? undefined : `${entry.host ?? entry.service}${serverPort ? `:${serverPort}` : ''}`);
  const status = attr[SpanAttr.status];
  return {
    traceId: trace.traceId,
    startMs: entry.startMs,
    method: text(attr[SpanAttr.method]) ?? '?',
    path: `${text(attr[SpanAttr.path]) ?? entry.name}${attr[SpanAttr.query] ? `?${String(attr[SpanAttr.query])}` : ''}`,
    ...(rule ? { rule } : {}),
    ...(fromRouter
      ? attr[SpanAttr.albTargetGroup]
        ? { targetGroup: String(attr[SpanAttr.albTargetGroup]) }
        : {}
      : { targetGroup: entry.service }),
    ...(target ? { target } : {}),
    ...(typeof status === 'number' ? { status } : {}),
    latencyMs: Math.round(entry.durationMs * 100) / 100,
    ...(requestId ? { requestId } : {}),
    source: fromRouter ? 'router' : entry.service,
  };
}

export function requestDetail(trace: StoredTrace, rules?: RuleSource): RequestDetail | undefined {
  const row = requestRow(trace, rules);
  const entry = entrySpan(trace);
  if (!row || !entry) return undefined;
  const lambdaSpan = trace.spans.find((span) => span.attributes[SpanAttr.lambdaEvent] !== undefined);
  return {
    row,
    request: side(
      entry.attributes,
      SpanAttr.requestHeaders,
      SpanAttr.requestBody,
      SpanAttr.requestBodySize,
      SpanAttr.requestBodyTruncated,
      SpanAttr.requestBodyEncoding,
    ),
    response: side(
      entry.attributes,
      SpanAttr.responseHeaders,
      SpanAttr.responseBody,
      SpanAttr.responseBodySize,
      SpanAttr.responseBodyTruncated,
      SpanAttr.responseBodyEncoding,
    ),
    ...(lambdaSpan
      ? {
          lambda: {
            ...optional('event', text(lambdaSpan.attributes[SpanAttr.lambdaEvent])),
            eventTruncated: lambdaSpan.attributes[SpanAttr.lambdaEventTruncated] === true,
            ...optional('result', text(lambdaSpan.attributes[SpanAttr.lambdaResult])),
            resultTruncated: lambdaSpan.attributes[SpanAttr.lambdaResultTruncated] === true,
            ...optional('outcome', text(lambdaSpan.attributes[SpanAttr.lambdaOutcome])),
          },
        }
      : {}),
    spans: waterfall(trace.spans, entry),
    droppedSpans: trace.droppedSpans,
  };
}

/**
 * The trace's spans as a tree read top-down: each span followed by its children in start order,
 * with its depth and its offset from the entry span. Spans whose parent is not in the trace are
 * roots.
 */
function waterfall(spans: readonly SpanRecord[], entry: SpanRecord): WaterfallSpan[] {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string | undefined, SpanRecord[]>();
  for (const span of [...spans].sort((a, b) => a.startMs - b.startMs)) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const ordered: WaterfallSpan[] = [];
  const visit = (span: SpanRecord, depth: number) => {
    ordered.push({
      spanId: span.spanId,
      ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
      depth,
      name: span.name,
      service: span.service,
      kind: span.kind,
      offsetMs: Math.round((span.startMs - entry.startMs) * 100) / 100,
      durationMs: Math.round(span.durationMs * 100) / 100,
      status: span.status,
      attributes: span.attributes,
    });
    // A span cannot be its own ancestor in a well-formed trace; the depth bound guards a malformed one.
    if (depth < 64) for (const child of children.get(span.spanId) ?? []) visit(child, depth + 1);
  };
  for (const root of children.get(undefined) ?? []) visit(root, 0);
  return ordered;
}

function side(
  attr: SpanRecord['attributes'],
  headersKey: string,
  bodyKey: string,
  sizeKey: string,
  truncatedKey: string,
  encodingKey: string,
): ExchangeSide {
  const headers = text(attr[headersKey]);
  const size = attr[sizeKey];
  return {
    ...(headers ? { headers: JSON.parse(headers) as Record<string, string | string[]> } : {}),
    ...optional('body', text(attr[bodyKey])),
    ...(typeof size === 'number' ? { bodySize: size } : {}),
    truncated: attr[truncatedKey] === true,
    ...optional('encoding', text(attr[encodingKey])),
  };
}

function text(value: AttributeValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
