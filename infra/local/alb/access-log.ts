import { HEALTH_CHECK_PATH, type Logger } from '@picus/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerValue } from './forwarded-headers.js';
import { requestIdFor } from './trace-id.js';

/** ALB's `error_reason` for the answers it makes itself when a target fails it. */
export type AlbErrorReason = 'NoHealthyTarget' | 'TargetTimeout' | 'TargetConnectionError' | 'JwtMissing' | 'JwtInvalid';

/** What the router decided for one request; filled in as it routes. */
export interface AccessRecord {
  /** The listener rule's priority, or `default` when none matched (the listener's fixed 404). */
  matchedRulePriority?: number | 'default';
  targetGroup?: string;
  /** `host:port` of the target the request was forwarded to. */
  target?: string;
  errorReason?: AlbErrorReason;
}

/**
 * One JSON line per request, as ALB writes an access log entry: method and path, the rule that
 * matched, target group and target, status, time from receipt to the last byte sent, the trace id
 * and ALB's error reason when the router answered itself. It carries the `requestId` the handlers
 * will use (the caller's `x-request-id`, else the trace root the router set), so
 * `make logs REQUEST=<id>` shows the router's line beside theirs. Requests to the health check path
 * log at debug, as the handlers' do. `path` is the request's, without its query.
 */
export function logAccess(logger: Logger, req: IncomingMessage, res: ServerResponse, path: string, traceId: string): AccessRecord {
  const started = performance.now();
  // The line itself, filled in as the router decides and written on close; its fields in the line's
  // order, and those still undefined then left out (as pino leaves out undefined values).
  const line = {
    requestId: undefined as string | undefined,
    method: req.method,
    path,
    status: 0,
    durationMs: 0,
    matchedRulePriority: undefined as AccessRecord['matchedRulePriority'],
    targetGroup: undefined as string | undefined,
    target: undefined as string | undefined,
    errorReason: undefined as AlbErrorReason | undefined,
    traceId,
    // A response cut before its end (the target failed mid-answer, or the client went away).
    incomplete: undefined as true | undefined,
  };
  // 'close' follows 'finish' on every response, and is the only event of one cut short: one listener.
  res.on('close', () => {
    line.requestId = requestIdFor(headerValue(req.rawHeaders, 'x-request-id'), traceId);
    line.status = res.headersSent ? res.statusCode : 0;
    line.durationMs = Math.round((performance.now() - started) * 100) / 100;
    if (!res.writableFinished) line.incomplete = true;
    if (path === HEALTH_CHECK_PATH) logger.debug(line, 'request');
    else logger.info(line, 'request');
  });
  return line;
}
