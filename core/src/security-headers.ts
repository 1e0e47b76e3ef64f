import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/** The security headers both handlers send. The local stack is plain http: upgrading Swagger UI's "Try it out" calls to https would break them. */
export const HELMET_OPTIONS: HelmetOptions = { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } };

/**
 * helmet's headers (with HELMET_OPTIONS) as a record, for a handler without Express (the DELETE
 * Lambda): helmet runs once, here, against a response that only records what it sets.
 */
export function securityHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let done = false;
  helmet(HELMET_OPTIONS)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  // helmet sets its headers synchronously; a version that stopped doing so must not go unnoticed.
  if (!done) throw new Error('helmet did not finish synchronously');
  return Object.freeze(headers);
}
