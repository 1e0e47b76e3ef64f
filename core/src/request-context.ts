import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Logger } from './logger.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's id: `x-request-id` in and out, else the ALB trace root, else a new UUID. */
    id: string;
    /** An id this process generated for the request: logged beside `id`, which a caller may choose. */
    serverRequestId: string;
    /** The process logger with this request's ids bound. */
    log: Logger;
  }
}

const SAFE_REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;
const TRACE_ROOT = /(?:^|;)Root=([\w-]{1,64})/;

/**
 * The path the load balancer's health checks poll (infra/src/topology.ts). Its access log lines go to
 * debug: chosen by path, never by User-Agent, which any caller can send to hide its requests.
 */
export const HEALTH_CHECK_PATH = '/picus/health';

/** Picks the request id a caller or the router sent, so one id follows a request through every hop. */
export function requestIdFrom(headers: Record<string, string | string[] | undefined>, generated: () => string = randomUUID): string {
  const given = headers['x-request-id'];
  if (typeof given === 'string' && SAFE_REQUEST_ID.test(given)) return given;
  const trace = headers['x-amzn-trace-id'];
  const root = typeof trace === 'string' ? TRACE_ROOT.exec(trace)?.[1] : undefined;
  return root ?? generated();
}

/**
 * Binds the request id and a child logger to each request, echoes the id, and writes one
 * access log line when the response finishes.
 */
export function requestContext(logger: Logger, responseHeaders: Readonly<Record<string, string>>) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    // The caller's id joins logs across hops but is the caller's to choose (and to reuse or forge);
    // the server's own id is unique per request, so each log line names one request for certain.
    req.serverRequestId = randomUUID();
    req.id = requestIdFrom(req.headers, () => req.serverRequestId);
    req.log = logger.child({ requestId: req.id, serverRequestId: req.serverRequestId });
    res.setHeader('x-request-id', req.id);
    for (const [name, value] of Object.entries(responseHeaders)) res.setHeader(name, value);
    // The load balancer's health checks would drown the access log; they stay visible at debug.
    const level = req.path === HEALTH_CHECK_PATH ? 'debug' : 'info';
    // At debug, receipt is logged too: a request received but never finished (a crash, a cut drain) shows.
    req.log.debug({ method: req.method, path: req.path }, 'request received');
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      req.log[level](
        { method: req.method, path: req.path, status: res.statusCode, durationMs: Math.round(durationMs * 100) / 100 },
        'request',
      );
    });
    next();
  };
}
