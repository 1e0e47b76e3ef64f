/**
 * What the console never shows: credentials and session cookies. Masked where spans are made (the
 * router and the Lambda host, so a secret never leaves the process that saw it) and again where the
 * console takes spans in (for spans from anything else).
 */
export const SECRET_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-amz-security-token']);

export const MASK = '***';

export type HeaderValue = string | number | readonly string[] | undefined;

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
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

/** An ALB event or result with secrets masked in its `headers` and `multiValueHeaders`. */
export function maskAlbMessage<T extends object>(message: T): T {
  const { headers, multiValueHeaders } = message as { headers?: Record<string, HeaderValue>; multiValueHeaders?: Record<string, HeaderValue> };
  return {
    ...message,
    ...(headers ? { headers: maskHeaders(headers) } : {}),
    ...(multiValueHeaders ? { multiValueHeaders: maskHeaders(multiValueHeaders) } : {}),
  };
}
