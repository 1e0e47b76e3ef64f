import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Logger } from './logger.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's id: `x-request-id` in and out, else the ALB trace root, else a new UUID. */
    id: string;
    /** The process logger with this request's id bound. */
    log: Logger;
  }
}

const SAFE_REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;
const TRACE_ROOT = /(?:^|;)Root=([\w-]{1,64})/;

/** Picks the request id a caller or the router sent, so one id follows a request through every hop. */
export function requestIdFrom(headers: Record<string, string | string[] | undefined>): string {
  const given = headers['x-request-id'];
  if (typeof given === 'string' && SAFE_REQUEST_ID.test(given)) return given;
  const trace = headers['x-amzn-trace-id'];
  const root = typeof trace === 'string' ? TRACE_ROOT.exec(trace)?.[1] : undefined;
  return root ?? randomUUID();
}

/**
 * Binds the request id and a child logger to each request, echoes the id, and writes one
 * access log line when the response finishes.
 */
export function requestContext(logger: Logger, responseHeaders: Readonly<Record<string, string>>) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    req.id = requestIdFrom(req.headers);
    req.log = logger.child({ requestId: req.id });
    res.setHeader('x-request-id', req.id);
    for (const [name, value] of Object.entries(responseHeaders)) res.setHeader(name, value);
    // The load balancer's health checks would drown the access log; they stay visible at debug.
    const level = req.headers['user-agent']?.startsWith('ELB-HealthChecker') ? 'debug' : 'info';
    // At debug, receipt is logged too: a request received but never finished (a crash, a cut drain) shows.
    req.log.debug({ method: req.method, path: req.path }, 'request received');
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      req.log[level]({ method: req.method, path: req.path, status: res.statusCode, durationMs: Math.round(durationMs * 100) / 100 }, 'request');
    });
    next();
  };
}
