import type { RequestListener } from 'node:http';
import type { TargetGroupName } from '@picus/infra';
import type { TargetGroup } from './target-group.js';

/**
 * The router's admin API, on its own port and never reachable through the listener: what
 * ECS does to a target group during a deployment.
 *   GET    /targets                        every group's targets and their health
 *   POST   /targets/{group}?host=&port=    register a target
 *   DELETE /targets/{group}?host=&port=    deregister (answers once drained)
 */
export function createAdminApi(groups: Readonly<Record<TargetGroupName, TargetGroup>>): RequestListener {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://admin');
    const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'GET' && url.pathname === '/targets') {
      send(200, Object.fromEntries(Object.entries(groups).map(([name, group]) => [name, group.describe()])));
      return;
    }
    const match = /^\/targets\/([\w-]+)$/.exec(url.pathname);
    const group = match ? groups[match[1] as TargetGroupName] : undefined;
    const host = url.searchParams.get('host') ?? '127.0.0.1';
    const port = Number(url.searchParams.get('port'));
    if (!group || !Number.isInteger(port) || port <= 0) {
      send(404, { error: 'unknown group or missing port' });
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
