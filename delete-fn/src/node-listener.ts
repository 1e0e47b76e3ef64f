import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { HttpRequest, HttpResponse } from './http-message.js';

/**
 * Serves the Lambda's app over node:http, for in-process tests and the contract provider (the
 * deployed function is invoked through alb-handler.ts instead). Repeated headers are joined as
 * node:http joins them.
 */
export function nodeListener(respond: (request: HttpRequest) => Promise<HttpResponse>): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '/';
      const at = url.indexOf('?');
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]),
      );
      const request = {
        method: req.method ?? 'GET',
        path: at === -1 ? url : url.slice(0, at),
        rawQuery: at === -1 ? '' : url.slice(at + 1),
        headers,
        body: Buffer.concat(chunks),
      };
      respond(request).then(
        (answer) => res.writeHead(answer.status, answer.headers).end(answer.body),
        (error: unknown) => {
          res.destroy(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  };
}
