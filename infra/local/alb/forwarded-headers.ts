/**
 * Headers that describe one connection, not the message, which a proxy does not pass on (RFC 9110
 * §7.6.1). Node's client and server write their own.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/** Headers ALB sets on the way in: a caller's copies are replaced (X-Forwarded-For is appended to). */
const SET_BY_ALB = new Set(['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-port', 'x-amzn-trace-id']);

/** The W3C trace headers, which the router's span replaces with its own while tracing is on. */
const TRACE_CONTEXT = new Set(['traceparent', 'tracestate']);

/** What ALB adds to a request it forwards. */
export interface AlbHop {
  /** The caller's address, appended to X-Forwarded-For. */
  readonly clientIp: string;
  /** The listener's port, for X-Forwarded-Port. */
  readonly listenerPort: number;
  /** The X-Amzn-Trace-Id the router set (see `trace-id.ts`). */
  readonly traceId: string;
  /** The Host to send when the caller sent none (an HTTP/1.0 request may omit it; the target must have one). */
  readonly defaultHost: string;
  /** The router span's `traceparent` (and `tracestate`), in place of the caller's; absent while tracing is off. */
  readonly traceContext?: Readonly<Record<string, string>>;
}

/**
 * The request's headers as the target gets them: the caller's, in their order, spelling and
 * repetition, without hop-by-hop ones, and with X-Forwarded-For, -Proto, -Port and X-Amzn-Trace-Id
 * as ALB sets them. Given and returned as flat name, value lists (as `rawHeaders` and
 * `http.request` take them), so no header object is built on the router's hot path: on a 2-core
 * machine its CPU per request is what a get through the router loses against the api direct.
 */
export function headersForTarget(raw: readonly string[], hop: AlbHop): string[] {
  const headers: string[] = [];
  let forwardedFor: string | undefined;
  let hasHost = false;
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index] as string;
    const value = raw[index + 1] as string;
    const lower = name.toLowerCase();
    if (lower === 'host') hasHost = true;
    if (HOP_BY_HOP.has(lower) || (hop.traceContext && TRACE_CONTEXT.has(lower))) continue;
    if (SET_BY_ALB.has(lower)) {
      // Repeated X-Forwarded-For headers are one list (RFC 9110 §5.3).
      if (lower === 'x-forwarded-for') forwardedFor = forwardedFor === undefined ? value : `${forwardedFor}, ${value}`;
      continue;
    }
    headers.push(name, value);
  }
  if (!hasHost) headers.push('host', hop.defaultHost);
  headers.push(
    'x-forwarded-for',
    forwardedFor ? `${forwardedFor}, ${hop.clientIp}` : hop.clientIp,
    'x-forwarded-proto',
    'http',
    'x-forwarded-port',
    String(hop.listenerPort),
    'x-amzn-trace-id',
    hop.traceId,
  );
  if (hop.traceContext) for (const name in hop.traceContext) headers.push(name, hop.traceContext[name] as string);
  return headers;
}

/** The target's answer headers as the caller gets them: as the target sent them, without hop-by-hop ones. */
export function headersForClient(raw: readonly string[]): string[] {
  const headers: string[] = [];
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index] as string;
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers.push(name, raw[index + 1] as string);
  }
  return headers;
}

/**
 * One header's value from a flat name, value list (`lowerName` in lower case): repeated headers
 * joined with ", ", as Node joins them in `req.headers`, which then need not be built.
 */
export function headerValue(raw: readonly string[], lowerName: string): string | undefined {
  let value: string | undefined;
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index] as string;
    if (name.length !== lowerName.length || name.toLowerCase() !== lowerName) continue;
    value = value === undefined ? (raw[index + 1] as string) : `${value}, ${raw[index + 1] as string}`;
  }
  return value;
}

/** A flat name, value list as a record with lower-case names, for the router span (which masks and records it). */
export function headerRecord(flat: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let index = 0; index < flat.length; index += 2) {
    const name = (flat[index] as string).toLowerCase();
    const value = flat[index + 1] as string;
    record[name] = name in record ? `${record[name]}, ${value}` : value;
  }
  return record;
}
