import { isSecretName, MASK } from '../telemetry/masking.js';
import type { RequestDetail } from './request-view.js';

/** Headers a replay does not copy: the connection's own, and those the router and handlers set afresh. */
const NOT_REPLAYED = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-connection',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-amzn-trace-id',
  'traceparent',
  'tracestate',
  'x-request-id',
]);

export interface ReplayPlan {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
  /** What the replay cannot send as the original was (a masked credential). */
  readonly notes: string[];
}

/** Why a request cannot be sent again as it was: answered with 409. */
export class ReplayRefusedError extends Error {
  override readonly name = 'ReplayRefusedError';
}

/**
 * Rebuilds a request from what the console captured, to send it again through the router. Refused
 * when the body was cut or never captured (it could not be sent as it was). Masked headers are not
 * sent: the console never held their values. The replay gets a request id of its own, derived
 * from the original's, so it is easy to find in the list.
 */
export function planReplay(detail: RequestDetail, replayId: string): ReplayPlan {
  const { row, request } = detail;
  if (request.truncated) throw new ReplayRefusedError('The request body was cut when captured, so it cannot be sent again as it was.');
  const hadBody =
    (request.bodySize ?? 0) > 0 || (request.bodySize === undefined && !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(row.method));
  if (hadBody && request.body === undefined)
    throw new ReplayRefusedError('The request body was not captured (only the router captures bodies), so it cannot be sent again.');
  const query = row.path.includes('?') ? new URLSearchParams(row.path.slice(row.path.indexOf('?') + 1)) : undefined;
  if (query && [...query].some(([name, value]) => isSecretName(name) && value === MASK)) {
    throw new ReplayRefusedError('A secret query parameter was masked when captured, so the request cannot be sent again as it was.');
  }
  if (hadBody && request.encoding !== 'base64' && request.body !== undefined && hasMaskedField(request.body)) {
    throw new ReplayRefusedError('A secret field of the request body was masked when captured, so it cannot be sent again as it was.');
  }
  const headers: Record<string, string> = {};
  const notes: string[] = [];
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (NOT_REPLAYED.has(name)) continue;
    const values = Array.isArray(value) ? value : [value];
    if (values.includes(MASK)) {
      notes.push(`${name} was masked and is not sent`);
      continue;
    }
    headers[name] = values.join(name === 'cookie' ? '; ' : ', ');
  }
  headers['x-request-id'] = replayId;
  return {
    method: row.method,
    path: row.path,
    headers,
    ...(request.body !== undefined && hadBody
      ? { body: Buffer.from(request.body, request.encoding === 'base64' ? 'base64' : 'utf8') }
      : {}),
    notes,
  };
}

/**
 * The URL a replay goes to: the captured path resolved against the router's URL with `new URL`, and
 * refused unless it stays on the router's origin (a path such as `//elsewhere.example/x` or an
 * absolute URL would send the request, and whatever it carries, to another host).
 */
export function replayUrl(routerUrl: string, path: string): URL {
  const router = new URL(routerUrl);
  let url: URL;
  try {
    url = new URL(path, router);
  } catch {
    throw new ReplayRefusedError('The captured path is not a URL path, so it cannot be sent again.');
  }
  if (url.origin !== router.origin || !path.startsWith('/') || path.startsWith('//')) {
    throw new ReplayRefusedError(`A replay goes to the router only (${router.origin}); the captured path points elsewhere.`);
  }
  return url;
}

/** True when a JSON object body has a secret-named top-level field the capture replaced with the mask. */
function hasMaskedField(body: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    return (
      parsed !== null &&
      typeof parsed === 'object' &&
      !Array.isArray(parsed) &&
      Object.entries(parsed).some(([name, value]) => isSecretName(name) && value === MASK)
    );
  } catch {
    return false;
  }
}

/** A request id for a replay of `original`: `<original>-replay-<n>`, within the 128 characters ids may have. */
export function replayRequestId(original: string | undefined, count: number): string {
  return `${(original ?? 'request').slice(0, 100)}-replay-${count}`;
}
