import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const COOKIE = 'picus_console_token';

/** 127.0.0.0/8, ::1, localhost: the binds the console takes without a token. */
export function isLoopback(address: string): boolean {
  const host = address.replace(/^::ffff:/, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

const same = (given: string | undefined, token: string) =>
  given !== undefined && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));

/**
 * The console bound beyond loopback (CONSOLE_TOKEN set) answers only requests that carry its token:
 * `Authorization: Bearer <token>` (scripts, the stack's span exporters use none and are refused), or
 * the cookie a page opened once as `/?token=<token>` receives, which the page's own calls then carry.
 * True when the request may go on; otherwise it has been answered 401.
 */
export function admitWithToken(req: IncomingMessage, res: ServerResponse, url: URL, token: string): boolean {
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const cookie = (req.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === COOKIE)?.[1];
  const query = url.searchParams.get('token') ?? undefined;
  if (same(bearer, token) || same(cookie, token)) return true;
  if (same(query, token)) {
    res.setHeader('set-cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    return true;
  }
  res.writeHead(401, { 'content-type': 'application/problem+json', 'www-authenticate': 'Bearer' });
  res.end(
    JSON.stringify({
      type: 'about:blank',
      title: 'Unauthorized',
      status: 401,
      detail:
        'This console is bound beyond loopback: open it once as /?token=<CONSOLE_TOKEN>, or send Authorization: Bearer <CONSOLE_TOKEN>.',
    }),
  );
  return false;
}
