import { Agent, request, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { FixedResponse, ListenerRule, TargetGroupName } from '@picus/infra';
import { verifyBearer, type JwtCheck } from '../auth/jwt-verifier.js';
import { refuseJwt } from '../auth/jwt-refusal-page.js';
import type { AccessLog, AccessRecord } from './access-log.js';
import { createRuleMatcher } from './rule-matcher.js';
import type { TargetGroup } from './target-group.js';
import { traceIdFor } from './trace-id.js';
import { albErrorPage } from './alb-error-page.js';
import { RouterSpan } from './router-span.js';
import { headerRecord, headersForClient, headersForTarget, headerValue } from './forwarded-headers.js';

export interface AlbEmulatorOptions {
  readonly rules: readonly ListenerRule[];
  readonly targetGroups: Readonly<Record<TargetGroupName, TargetGroup>>;
  readonly defaultAction: FixedResponse;
  /** How long a target may take to answer before the client gets 504 (ALB's idle timeout). */
  readonly targetTimeoutMs: number;
  /** The port the listener is on, for X-Forwarded-Port. */
  readonly listenerPort: () => number;
  /** Make a span of each request (see `router-span.ts`); only while tracing is on. */
  readonly tracing?: boolean;
  /** Writes each request's access log line (see `access-log.ts`); none when absent. */
  readonly accessLog?: AccessLog;
  /** With auth on (`AUTH=jwt`): the JWT check the rules marked `jwt` run before forwarding. Every rule is open without it. */
  readonly jwt?: JwtCheck;
}

/**
 * The ALB stand-in: listener rules by priority, forwarding to a healthy target of the matched
 * group over keep-alive connections, the X-Forwarded-* and X-Amzn-Trace-Id headers, and ALB's own
 * answers: 503 with no healthy target, 502 when the target fails, 504 when it is too slow, and
 * the listener's fixed 404 when no rule matches. ALB's own answers are plain, as ALB's are.
 */
export function createAlbEmulator(options: AlbEmulatorOptions): RequestListener {
  const matcher = createRuleMatcher(options.rules);
  const agent = new Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 1000 });

  return (req, res) => {
    const traceId = traceIdFor(headerValue(req.rawHeaders, 'x-amzn-trace-id'));
    const span = options.tracing ? new RouterSpan(req, res, traceId) : undefined;
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const access: AccessRecord = options.accessLog ? options.accessLog.open(req, res, path, traceId) : {};
    const rule = matcher.matchRule(req.method ?? 'GET', path);
    span?.rule(rule);
    access.matchedRulePriority = rule?.priority ?? 'default';
    if (!rule) {
      req.resume();
      const headers = { 'content-type': options.defaultAction.contentType, server: 'awselb/2.0' };
      res.writeHead(options.defaultAction.statusCode, headers);
      span?.responseHeaders(headers);
      span?.responseChunk(options.defaultAction.body);
      res.end(options.defaultAction.body);
      return;
    }
    const route = () => {
      const group = options.targetGroups[rule.targetGroup];
      const target = group.pick();
      access.targetGroup = rule.targetGroup;
      if (!target) {
        req.resume();
        access.errorReason = 'NoHealthyTarget';
        span?.setOutcome('no-healthy-target');
        albErrorPage(res, 503, 'Service Temporarily Unavailable', span);
        return;
      }
      span?.target(target);
      access.target = `${target.host}:${target.port}`;
      const release = group.track(target);
      forward(
        req,
        res,
        { ...target, agent, timeoutMs: options.targetTimeoutMs, listenerPort: options.listenerPort(), traceId },
        release,
        span,
        access,
      );
    };
    if (!options.jwt || !rule.requiresJwt) {
      route();
      return;
    }
    // ALB's jwt-validation action runs before forward: the body waits until the token is known good.
    // Paused, because the router span's body capture would otherwise let it flow past before the pipe.
    req.pause();
    void verifyBearer(req.headers.authorization, options.jwt).then((outcome) => {
      if (outcome.ok) {
        route();
        return;
      }
      req.resume();
      access.errorReason = outcome.reason === 'missing' ? 'JwtMissing' : 'JwtInvalid';
      span?.setOutcome(outcome.reason === 'missing' ? 'jwt-missing' : 'jwt-invalid');
      refuseJwt(res, outcome.reason, span);
    });
  };
}

function forward(
  req: IncomingMessage,
  res: ServerResponse,
  target: { host: string; port: number; agent: Agent; timeoutMs: number; listenerPort: number; traceId: string },
  release: () => void,
  span: RouterSpan | undefined,
  access: AccessRecord,
): void {
  const remoteAddress = req.socket.remoteAddress ?? '';
  const headers = headersForTarget(req.rawHeaders, {
    clientIp: remoteAddress.startsWith('::ffff:') ? remoteAddress.slice(7) : remoteAddress,
    listenerPort: target.listenerPort,
    traceId: target.traceId,
    defaultHost: `${target.host}:${target.port}`,
    ...(span ? { traceContext: span.traceContext() } : {}),
  });
  // The response is done (sent, or cut short) on 'close', which every response emits once.
  res.on('close', release);
  const upstream = request(
    { host: target.host, port: target.port, method: req.method, path: req.url, headers, agent: target.agent },
    (answer) => {
      const responseHeaders = headersForClient(answer.rawHeaders);
      res.writeHead(answer.statusCode ?? 502, responseHeaders);
      if (span) {
        span.responseHeaders(headerRecord(responseHeaders));
        answer.on('data', (chunk: Buffer) => span.responseChunk(chunk));
      }
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    },
  );
  upstream.setTimeout(target.timeoutMs, () => {
    upstream.destroy(Object.assign(new Error('target timed out'), { code: 'ETARGETTIMEOUT' }));
  });
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    span?.setOutcome(error.code === 'ETARGETTIMEOUT' ? 'target-timeout' : 'target-error');
    access.errorReason = error.code === 'ETARGETTIMEOUT' ? 'TargetTimeout' : 'TargetConnectionError';
    if (error.code === 'ETARGETTIMEOUT') albErrorPage(res, 504, 'Gateway Timeout', span);
    else albErrorPage(res, 502, 'Bad Gateway', span);
  });
  req.pipe(upstream);
}
