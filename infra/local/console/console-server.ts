import { readFileSync } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { OtlpFormatError } from './otlp-json.js';
import { BadRequestError, readJson, sendJson, sendProblem } from './http-io.js';
import { filterFromQuery } from './request-filter.js';
import type { RequestLog } from './request-log.js';
import { planReplay, replayRequestId, ReplayRefusedError, replayUrl } from './replay.js';
import type { SseHub } from './sse-hub.js';
import { stackRoutes, type StackRoutesOptions } from './stack-routes.js';
import { TableBrowserError } from './table-browser.js';
import { admitWithToken, isLoopback } from './console-token.js';
import { RestartRefusedError } from '../supervisor/restart-request.js';

export interface ConsoleServerOptions extends StackRoutesOptions {
  readonly requests: RequestLog;
  readonly hub: SseHub;
  /** The folder holding the page: index.html, its CSS and its JavaScript modules. */
  readonly uiDir: string;
  /** Set when the console is bound beyond loopback: every request but the health check must carry it (see `console-token.ts`). */
  readonly token?: string;
}

/** OTLP exports larger than this are refused (413); the SDK's batches of 512 spans stay far below. */
const MAX_EXPORT_BYTES = 8 * 1024 * 1024;
const STATIC_FILES: Readonly<Record<string, string>> = Object.fromEntries([
  ['/', 'index.html'],
  ...['index.html', 'app.css', 'app.js', 'dom.js', 'detail.js', 'services.js', 'table.js'].map((file) => [`/${file}`, file]),
]);
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};
/** Browsers send it only from our own page's fetch calls: a page elsewhere cannot add it without a preflight we never answer. */
export const CONSOLE_HEADER = 'x-picus-console';
const LOCAL_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;
/** The console's name on the Compose network (docker-compose.yml's OTEL_EXPORTER_OTLP_ENDPOINT). */
const COMPOSE_HOST = /^console(:\d+)?$/i;

/**
 * The console's HTTP API and page. Safe on a developer's machine: pages are served only to a
 * `localhost` Host (no DNS rebinding), every change (replay, restart, create, delete) needs the
 * {@link CONSOLE_HEADER} header that only the console's own page sends (no cross-site request
 * forgery), and OTLP spans are taken only as JSON.
 */
export function createConsoleServer(options: ConsoleServerOptions): RequestListener {
  const ui = Object.fromEntries(Object.values(STATIC_FILES).map((file) => [file, readFileSync(join(options.uiDir, file))]));
  const stack = stackRoutes(options);
  let replays = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const method = req.method ?? 'GET';
    // The health check and the stack's own span exporters (on this machine) need no token.
    const exempt = url.pathname === '/api/health' || (url.pathname === '/v1/traces' && isLoopback(req.socket.remoteAddress ?? ''));
    if (options.token && !exempt && !admitWithToken(req, res, url, options.token)) return;
    // Spans come from the stack's processes, which name the console as localhost or, in Compose, by
    // its service name; any other Host is a browser page reaching 127.0.0.1 by DNS rebinding.
    if (url.pathname === '/v1/traces') {
      if (!LOCAL_HOST.test(req.headers.host ?? '') && !COMPOSE_HOST.test(req.headers.host ?? ''))
        return sendProblem(res, 403, 'Spans are taken only from the stack (localhost, or `console` under Compose).');
      if (method !== 'POST') return sendProblem(res, 405, 'POST OTLP JSON here.');
      const spans = options.requests.ingest(await readJson(req, MAX_EXPORT_BYTES));
      return sendJson(res, 200, { partialSuccess: {}, accepted: spans });
    }
    if (!LOCAL_HOST.test(req.headers.host ?? '')) return sendProblem(res, 403, 'The console answers only to localhost.');
    if (method !== 'GET' && method !== 'HEAD' && req.headers[CONSOLE_HEADER] !== '1')
      return sendProblem(res, 403, `Changes need the ${CONSOLE_HEADER} header the console page sends.`);

    const file = STATIC_FILES[url.pathname];
    if (file && method === 'GET') {
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[file.split('.').pop() ?? ''] ?? 'text/plain',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'self'; img-src 'self' data:",
        'x-frame-options': 'DENY',
      });
      res.end(ui[file]);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/api/health') return sendJson(res, 200, { status: 'ok', traces: options.requests.size, pages: options.hub.size });
    if (url.pathname === '/api/events' && method === 'GET') {
      options.hub.attach(res);
      return;
    }
    if (url.pathname === '/api/requests' && method === 'GET') {
      const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit')) || 200));
      return sendJson(res, 200, { requests: options.requests.list(filterFromQuery(url.searchParams), limit) });
    }
    const request = /^\/api\/requests\/([0-9a-f]{32})(\/replay)?$/.exec(url.pathname);
    if (request) {
      const detail = options.requests.detail(request[1] ?? '');
      if (!detail) return sendProblem(res, 404, 'No such request in the console (it keeps only the most recent ones).');
      if (!request[2] && method === 'GET') return sendJson(res, 200, detail);
      if (request[2] && method === 'POST') {
        const routerUrl = options.routerUrl();
        if (!routerUrl) return sendProblem(res, 503, 'The router is not known yet.');
        replays += 1;
        const plan = planReplay(detail, replayRequestId(detail.row.requestId, replays));
        const answer = await fetch(replayUrl(routerUrl, plan.path), {
          method: plan.method,
          headers: plan.headers,
          ...(plan.body ? { body: plan.body } : {}),
          signal: AbortSignal.timeout(15_000),
        });
        await answer.body?.cancel();
        return sendJson(res, 200, { status: answer.status, requestId: plan.headers['x-request-id'], notes: plan.notes });
      }
      return sendProblem(res, 405, 'Not a method this path takes.');
    }
    if (await stack(req, res, url)) return;
    sendProblem(res, 404, 'No such console page or API.');
  };

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://console');
    handle(req, res, url).catch((error: unknown) => {
      if (error instanceof BadRequestError) return sendProblem(res, error.status, error.message);
      if (error instanceof OtlpFormatError) return sendProblem(res, 400, error.message);
      if (error instanceof ReplayRefusedError) return sendProblem(res, 409, error.message);
      if (error instanceof TableBrowserError) return sendProblem(res, error.status, error.message, error.details);
      if (error instanceof RestartRefusedError) return sendProblem(res, 409, error.message);
      options.onError?.(error);
      sendProblem(res, 500, 'The console could not do that; its log says why.');
    });
  };
}
