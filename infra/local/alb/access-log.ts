import { HEALTH_CHECK_PATH, type Logger } from '@picus/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
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
 * log at debug, as the handlers' do.
 */
export function logAccess(logger: Logger, req: IncomingMessage, res: ServerResponse, traceId: string): AccessRecord {
  const started = process.hrtime.bigint();
  const record: AccessRecord = {};
  // 'close' follows 'finish' on every response, and is the only event of one cut short: one listener.
  res.once('close', () => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    logger[path === HEALTH_CHECK_PATH ? 'debug' : 'info'](
      {
        requestId: requestIdFor(req.headers, traceId),
        method: req.method,
        path,
        status: res.headersSent ? res.statusCode : 0,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        ...record,
        traceId,
        // A response cut before its end (the target failed mid-answer, or the client went away).
        ...(res.writableFinished ? {} : { incomplete: true }),
      },
      'request',
    );
  });
  return record;
}
