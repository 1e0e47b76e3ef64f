/**
 * What the console never shows: credentials and session cookies. Masked where spans are made (the
 * router and the Lambda host, so a secret never leaves the process that saw it) and again where the
 * console takes spans in (for spans from anything else). By pattern, not by list: any header,
 * query parameter or top-level JSON field whose name says token, secret, key, auth, session or
 * password (`x-api-key`, `?access_token=`, `{"password": …}`), and the cookies.
 */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-amz-security-token',
]);

/** A name that holds a secret, wherever it appears. */
export const SECRET_NAME = /token|secret|key|auth|session|password/i;

export const MASK = '***';

export type HeaderValue = string | number | readonly string[] | undefined;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase()) || isSecretName(name);
}

/** A query string (without `?`) with the value of each secret-named parameter replaced by {@link MASK}; the rest as it came. */
export function maskQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const [rawName = '', ...value] = pair.split('=');
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // A malformed escape: judge the name as it came.
      }
      return value.length > 0 && isSecretName(name) ? `${rawName}=${MASK}` : pair;
    })
    .join('&');
}

/** A JSON object's text with the value of each secret-named top-level field replaced by {@link MASK}; any other text as it came. */
export function maskJsonFields(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return text;
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (!entries.some(([name]) => isSecretName(name))) return text;
  return JSON.stringify(Object.fromEntries(entries.map(([name, value]) => [name, isSecretName(name) ? MASK : value])));
}

/**
 * A captured body's text: a JSON object's secret-named top-level fields masked; text that no longer
 * parses (a body cut at the capture limit) has every secret-named string field masked, wherever it sits.
 */
export function maskBodyText(text: string): string {
  const masked = maskJsonFields(text);
  if (masked !== text) return masked;
  return /^\s*[{[]/.test(text) ? text.replace(SECRET_FIELD_IN_TEXT, `"$1":"${MASK}"`) : text;
}

const SECRET_FIELD_IN_TEXT = new RegExp(`"([^"\\\\]*(?:${SECRET_NAME.source})[^"\\\\]*)"\\s*:\\s*"(?:[^"\\\\]|\\\\.)*"?`, 'gi');

/** Query parameters as an ALB event carries them, secret-named ones masked. */
function maskParameters<T>(parameters: Record<string, T> | null | undefined): Record<string, T | string | string[]> | null | undefined {
  if (!parameters) return parameters;
  return Object.fromEntries(
    Object.entries(parameters).map(([name, value]) => [
      name,
      isSecretName(name) ? (Array.isArray(value) ? value.map(() => MASK) : MASK) : value,
    ]),
  );
}

/** Headers with every secret's value replaced by {@link MASK}; undefined values dropped. */
export function maskHeaders(headers: Readonly<Record<string, HeaderValue>>): Record<string, string | string[]> {
  const masked: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (isSecretHeader(name)) masked[name] = Array.isArray(value) ? value.map(() => MASK) : MASK;
    else masked[name] = Array.isArray(value) ? [...(value as readonly string[])] : String(value);
  }
  return masked;
}

/** An ALB event or result with secrets masked in its headers, query parameters and (JSON, not base64) body. */
export function maskAlbMessage<T extends object>(message: T): T {
  const { headers, multiValueHeaders, queryStringParameters, multiValueQueryStringParameters, body, isBase64Encoded } = message as {
    headers?: Record<string, HeaderValue>;
    multiValueHeaders?: Record<string, HeaderValue>;
    queryStringParameters?: Record<string, string> | null;
    multiValueQueryStringParameters?: Record<string, string[]> | null;
    body?: unknown;
    isBase64Encoded?: boolean;
  };
  return {
    ...message,
    ...(headers ? { headers: maskHeaders(headers) } : {}),
    ...(multiValueHeaders ? { multiValueHeaders: maskHeaders(multiValueHeaders) } : {}),
    ...(queryStringParameters ? { queryStringParameters: maskParameters(queryStringParameters) } : {}),
    ...(multiValueQueryStringParameters ? { multiValueQueryStringParameters: maskParameters(multiValueQueryStringParameters) } : {}),
    ...(typeof body === 'string' && !isBase64Encoded ? { body: maskJsonFields(body) } : {}),
  };
}
