import { HEALTH_CHECK_PATH, LOG_LEVEL_VALUES, type LogLevel } from '@picus/core';
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

/** Where the lines go: the router's stdout (batched-stdout.ts), or a test's capture. */
export interface LineSink {
  write(line: string): unknown;
}

/** A request's line, filled in as the router routes it and completed when the response closes. */
interface AccessLine extends AccessRecord {
  requestId?: string;
  readonly method: string;
  readonly path: string;
  status: number;
  durationMs: number;
  readonly traceId: string;
  /** A response cut before its end (the target failed mid-answer, or the client went away). */
  incomplete?: true;
}

const quote = JSON.stringify;

/**
 * The router's access log: one JSON line per request, as ALB writes an access log entry: method
 * and path, the rule that matched, target group and target, status, time from receipt to the last
 * byte sent, the trace id and ALB's error reason when the router answered itself. It carries the
 * `requestId` the handlers will use (the caller's `x-request-id`, else the trace root the router
 * set), so `make logs REQUEST=<id>` shows the router's line beside theirs. Requests to the health
 * check path log at debug, as the handlers' do.
 *
 * The lines are the router's pino lines (createLogger's: level label, ISO time, service, the fields
 * in order, `msg`), written here rather than through pino, since one is made for every request and
 * its fields are known. With the batched writes of batched-stdout.ts, the router's CPU a request on
 * the embedded stack went from 86 to 79 µs (medians of seven rounds; 71 µs with no line written).
 * access-log.test.ts keeps the lines the same as pino's.
 */
export class AccessLog {
  private readonly threshold: number;
  private readonly service: string;

  constructor(private readonly options: { readonly service: string; readonly level: LogLevel; readonly destination: LineSink }) {
    this.threshold = LOG_LEVEL_VALUES[options.level];
    this.service = quote(options.service);
  }

  /** Starts the line of a request (`path` without its query); the router fills in the record as it decides. */
  open(req: IncomingMessage, res: ServerResponse, path: string, traceId: string): AccessRecord {
    const started = performance.now();
    const line: AccessLine = { method: req.method ?? 'GET', path, status: 0, durationMs: 0, traceId };
    // 'close' follows 'finish' on every response, and is the only event of one cut short: one listener.
    res.on('close', () => {
      const level = path === HEALTH_CHECK_PATH ? 'debug' : 'info';
      if (LOG_LEVEL_VALUES[level] < this.threshold) return;
      line.requestId = requestIdFor(headerValue(req.rawHeaders, 'x-request-id'), traceId);
      line.status = res.headersSent ? res.statusCode : 0;
      line.durationMs = Math.round((performance.now() - started) * 100) / 100;
      if (!res.writableFinished) line.incomplete = true;
      this.options.destination.write(this.format(level, line));
    });
    return line;
  }

  /** The line as pino writes `logger[level](line, 'request')`: fields in order, undefined ones left out. */
  private format(level: 'info' | 'debug', line: AccessLine): string {
    let text = `{"level":"${level}","time":"${new Date().toISOString()}","service":${this.service}`;
    if (line.requestId !== undefined) text += `,"requestId":${quote(line.requestId)}`;
    text += `,"method":${quote(line.method)},"path":${quote(line.path)},"status":${line.status},"durationMs":${line.durationMs}`;
    if (line.matchedRulePriority !== undefined) text += `,"matchedRulePriority":${quote(line.matchedRulePriority)}`;
    if (line.targetGroup !== undefined) text += `,"targetGroup":${quote(line.targetGroup)}`;
    if (line.target !== undefined) text += `,"target":${quote(line.target)}`;
    if (line.errorReason !== undefined) text += `,"errorReason":${quote(line.errorReason)}`;
    text += `,"traceId":${quote(line.traceId)}`;
    if (line.incomplete) text += ',"incomplete":true';
    return `${text},"msg":"request"}\n`;
  }
}
