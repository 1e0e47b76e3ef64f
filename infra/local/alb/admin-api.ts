import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { RequestListener } from 'node:http';
import type { TargetGroupName } from '@picus/infra';
import type { TargetGroup } from './target-group.js';

/** The header that carries the stack's token to the admin API. */
export const ADMIN_TOKEN_HEADER = 'x-picus-admin-token';

/** Every request to the admin API sends the stack's token in this header. */
export const adminHeaders = (token: string): Record<string, string> => ({ [ADMIN_TOKEN_HEADER]: token });

/**
 * Loopback only: the router forwards to what it is told, so a target elsewhere would make it a proxy
 * into the network (another machine, a cloud metadata address) for whoever can reach this API.
 */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}

const sameToken = (given: string | string[] | undefined, token: string) => {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * The router's admin API, on its own port on 127.0.0.1 and never reachable through the listener:
 * what ECS does to a target group during a deployment. Every request must carry the stack's token
 * ({@link ADMIN_TOKEN_HEADER}), which a web page cannot send without a preflight this API never
 * answers; targets must be loopback addresses.
 *   GET    /targets                        every group's targets and their health
 *   POST   /targets/{group}?host=&port=    register a target
 *   DELETE /targets/{group}?host=&port=    deregister (answers once drained)
 */
export function createAdminApi(groups: Readonly<Record<TargetGroupName, TargetGroup>>, options: { token: string }): RequestListener {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://admin');
    const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    req.resume();
    if (!sameToken(req.headers[ADMIN_TOKEN_HEADER], options.token)) {
      send(401, { error: `the stack's token is required in ${ADMIN_TOKEN_HEADER}` });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/targets') {
      send(200, Object.fromEntries(Object.entries(groups).map(([name, group]) => [name, group.describe()])));
      return;
    }
    const match = /^\/targets\/([\w-]+)$/.exec(url.pathname);
    const group = match ? groups[match[1] as TargetGroupName] : undefined;
    const host = url.searchParams.get('host') ?? '127.0.0.1';
    const port = Number(url.searchParams.get('port'));
    if (!group || !Number.isInteger(port) || port <= 0 || port > 65535) {
      send(404, { error: 'unknown group or missing port' });
      return;
    }
    if (!isLoopbackHost(host)) {
      send(403, { error: 'targets must be loopback addresses (127.0.0.0/8, ::1, localhost)' });
      return;
    }
    if (req.method === 'POST') {
      group.register({ host, port });
      send(201, group.describe());
    } else if (req.method === 'DELETE') {
      void group.deregister({ host, port }).then(() => send(200, group.describe()));
    } else {
      send(405, { error: 'method not allowed' });
    }
  };
}
