/**
 * Reads an OTLP/HTTP JSON export (`POST /v1/traces`, what `@opentelemetry/exporter-trace-otlp-http`
 * sends) into flat span records. Only the parts the console shows are kept: ids, name, kind, times,
 * status, the span's attributes and its resource's `service.name` and `host.name`.
 */

export type AttributeValue = string | number | boolean | Array<string | number | boolean>;

export interface SpanRecord {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: 'internal' | 'server' | 'client' | 'producer' | 'consumer' | 'unspecified';
  readonly service: string;
  readonly host?: string;
  /** Epoch milliseconds, with sub-millisecond precision. */
  readonly startMs: number;
  readonly durationMs: number;
  readonly status: 'unset' | 'ok' | 'error';
  readonly statusMessage?: string;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** The export is not OTLP JSON: answered with 400 and this message. */
export class OtlpFormatError extends Error {
  override readonly name = 'OtlpFormatError';
}

const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
const STATUSES = ['unset', 'ok', 'error'] as const;
const HEX_ID = { trace: /^[0-9a-f]{32}$/, span: /^[0-9a-f]{16}$/ };

interface OtlpKeyValue {
  key?: unknown;
  value?: OtlpAnyValue;
}
interface OtlpAnyValue {
  stringValue?: unknown;
  boolValue?: unknown;
  intValue?: unknown;
  doubleValue?: unknown;
  arrayValue?: { values?: OtlpAnyValue[] };
}

export function decodeOtlpJson(body: unknown): SpanRecord[] {
  const resourceSpans = (body as { resourceSpans?: unknown } | null)?.resourceSpans;
  if (!Array.isArray(resourceSpans)) throw new OtlpFormatError('expected an OTLP JSON export: an object with `resourceSpans`');
  const records: SpanRecord[] = [];
  for (const resourceSpan of resourceSpans as Array<{ resource?: { attributes?: unknown }; scopeSpans?: unknown }>) {
    const resource = attributesOf(resourceSpan.resource?.attributes);
    const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : 'unknown';
    const host = typeof resource['host.name'] === 'string' ? resource['host.name'] : undefined;
    for (const scopeSpan of asArray(resourceSpan.scopeSpans) as Array<{ spans?: unknown }>) {
      for (const span of asArray(scopeSpan.spans)) records.push(decodeSpan(span as Record<string, unknown>, service, host));
    }
  }
  return records;
}

function decodeSpan(span: Record<string, unknown>, service: string, host: string | undefined): SpanRecord {
  const traceId = idOf(span.traceId, 'trace');
  const spanId = idOf(span.spanId, 'span');
  if (!traceId || !spanId) throw new OtlpFormatError('a span lacks a valid traceId or spanId (hex)');
  const parentSpanId = idOf(span.parentSpanId, 'span');
  const start = nanos(span.startTimeUnixNano);
  const end = nanos(span.endTimeUnixNano);
  const status = (span.status ?? {}) as { code?: unknown; message?: unknown };
  return {
    traceId,
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name: typeof span.name === 'string' ? span.name : '(unnamed)',
    kind: KINDS[Number(span.kind)] ?? 'unspecified',
    service,
    ...(host ? { host } : {}),
    startMs: start / 1e6,
    durationMs: Math.max(0, end - start) / 1e6,
    status: STATUSES[Number(status.code)] ?? 'unset',
    ...(typeof status.message === 'string' && status.message ? { statusMessage: status.message } : {}),
    attributes: attributesOf(span.attributes),
  };
}

function attributesOf(list: unknown): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const entry of asArray(list) as OtlpKeyValue[]) {
    if (typeof entry?.key !== 'string') continue;
    const value = valueOf(entry.value);
    if (value !== undefined) attributes[entry.key] = value;
  }
  return attributes;
}

function valueOf(value: OtlpAnyValue | undefined): AttributeValue | undefined {
  if (!value || typeof value !== 'object') return undefined;
  if (typeof value.stringValue === 'string') return value.stringValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  // OTLP JSON writes 64-bit integers as strings; both forms arrive.
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.arrayValue) {
    return asArray(value.arrayValue.values)
      .map((item) => valueOf(item as OtlpAnyValue))
      .filter((item): item is string | number | boolean => item !== undefined && !Array.isArray(item));
  }
  return undefined;
}

function idOf(value: unknown, kind: 'trace' | 'span'): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const id = value.toLowerCase();
  return HEX_ID[kind].test(id) && !/^0+$/.test(id) ? id : undefined;
}

function nanos(value: unknown): number {
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : 0;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
