import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJson, sendJson, sendProblem } from './http-io.js';
import type { StackServices } from './stack-services.js';
import type { TableBrowser } from './table-browser.js';

export interface StackRoutesOptions {
  readonly services: StackServices;
  readonly table: TableBrowser;
  /** Where replays go: the router. */
  readonly routerUrl: () => string | undefined;
  /** Told of every unexpected error, for the console's log. */
  readonly onError?: (error: unknown) => void;
}

const MAX_ITEM_BYTES = 400 * 1024;

/**
 * The services view and the table browser:
 *   GET  /api/services                      every process: pid, port, state, health
 *   GET  /api/services/{name}/logs?lines=   the last lines of its log
 *   POST /api/services/{name}/restart       stop it and start it again as the stack did
 *   GET  /api/table?limit=&cursor=          a page of items, as stored
 *   GET  /api/table/{id}                    one item
 *   POST /api/table                         create: checked against openapi.yaml, then through the router
 *   DELETE /api/table/{id}                  delete through the router (the Lambda)
 * Resolves false for any other path.
 */
export function stackRoutes(options: StackRoutesOptions) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const method = req.method ?? 'GET';
    if (url.pathname === '/api/services' && method === 'GET') {
      sendJson(res, 200, { services: await options.services.list() });
      return true;
    }
    const service = /^\/api\/services\/([\w-]{1,64})\/(logs|restart)$/.exec(url.pathname);
    if (service) {
      const [, name = '', action] = service;
      if (action === 'logs' && method === 'GET') {
        const lines = options.services.logLines(name, Math.max(1, Number(url.searchParams.get('lines')) || 100));
        if (lines) sendJson(res, 200, { service: name, lines });
        else sendProblem(res, 404, `No service named ${name} in this stack.`);
      } else if (action === 'restart' && method === 'POST') {
        const restarted = await options.services.restart(name);
        sendJson(res, 200, { service: name, pid: restarted.pid, port: restarted.port });
      } else {
        sendProblem(res, 405, 'Not a method this path takes.');
      }
      return true;
    }
    if (url.pathname === '/api/table') {
      if (method === 'GET') {
        const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit')) || 25));
        sendJson(res, 200, await options.table.page(limit, url.searchParams.get('cursor') ?? undefined));
      } else if (method === 'POST') {
        const answer = await options.table.create(await readJson(req, MAX_ITEM_BYTES));
        sendJson(res, 200, answer);
      } else {
        sendProblem(res, 405, 'Not a method this path takes.');
      }
      return true;
    }
    const item = /^\/api\/table\/([^/]{1,1024})$/.exec(url.pathname);
    if (item) {
      let id: string;
      try {
        id = decodeURIComponent(item[1] ?? '');
      } catch {
        sendProblem(res, 400, 'The id is not a valid percent-encoded string.');
        return true;
      }
      if (method === 'GET') {
        const found = await options.table.get(id);
        if (found) sendJson(res, 200, found);
        else sendProblem(res, 404, 'No item with this id.');
      } else if (method === 'DELETE') {
        sendJson(res, 200, await options.table.delete(id));
      } else {
        sendProblem(res, 405, 'Not a method this path takes.');
      }
      return true;
    }
    return false;
  };
}
