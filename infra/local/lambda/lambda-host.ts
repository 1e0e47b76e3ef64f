import { context as otelContext } from '@opentelemetry/api';
import type { ALBEvent, ALBResult, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { pathToFileURL } from 'node:url';
import { albErrorPage } from '../alb/alb-error-page.js';
import { ALB_LAMBDA_MAX_BYTES, fromAlbResult, toAlbEvent } from './alb-lambda-event.js';
import { InvocationSpan } from './invocation-span.js';

export type LambdaHandler = (event: ALBEvent, context: Context) => Promise<ALBResult> | ALBResult;

export interface LambdaHostOptions {
  readonly handler: LambdaHandler;
  readonly functionName: string;
  readonly targetGroupArn: string;
  readonly timeoutMs: number;
  readonly memoryMiB: number;
  readonly multiValueHeaders: boolean;
  /** Told of every invocation failure, for the log. */
  readonly onError?: (error: unknown) => void;
  /** Make a span of each invocation with its event and result (see `invocation-span.ts`); only while tracing is on. */
  readonly tracing?: boolean;
}

/** The host's own readiness path. ALB never forwards it: it is outside the listener rules' /picus/* space. */
export const LAMBDA_HOST_READY_PATH = '/_lambda/ready';

/**
 * Loads a Lambda handler module once, as one warm Lambda instance does (module init runs at load,
 * not per request), and returns its `handler` export.
 */
export async function loadHandler(modulePath: string, exportName = 'handler'): Promise<LambdaHandler> {
  const module = (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
  const handler = module[exportName];
  if (typeof handler !== 'function') throw new Error(`${modulePath} has no function export named ${exportName}`);
  return handler as LambdaHandler;
}

/**
 * An HTTP server that stands where ALB's Lambda integration does: each request becomes an ALB
 * target-group event, the handler's result becomes the answer. ALB's limits apply: 413 for a
 * request over 1 MB, 502 for a malformed or oversized result or a thrown error, 504 past the
 * function's timeout.
 */
export function createLambdaHost(options: LambdaHostOptions): RequestListener {
  let coldStart = true;
  return (req, res) => {
    if (req.url === LAMBDA_HOST_READY_PATH) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ready":true}');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > ALB_LAMBDA_MAX_BYTES) {
        if (!refused) albErrorPage(res, 413, 'Request Entity Too Large');
        refused = true;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      const event = toAlbEvent(
        { method: req.method ?? 'GET', url: req.url ?? '/', rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) },
        options,
      );
      const invocationId = randomUUID();
      const span = options.tracing
        ? new InvocationSpan({ functionName: options.functionName, invocationId, coldStart, headers: req.headers, event })
        : undefined;
      coldStart = false;
      const run = () => invoke(options, event, invocationId);
      void (span ? otelContext.with(span.context, run) : run()).then(
        (result) => {
          try {
            const answer = fromAlbResult(result);
            res.statusCode = answer.status;
            for (const [name, value] of answer.headers) res.appendHeader(name, value);
            res.end(answer.body);
            span?.end('ok', answer.status, result);
          } catch (error) {
            options.onError?.(error);
            albErrorPage(res, 502, 'Bad Gateway');
            span?.end('malformed-result', 502, result);
          }
        },
        (error: unknown) => {
          options.onError?.(error);
          const timedOut = error instanceof LambdaTimeoutError;
          albErrorPage(res, timedOut ? 504 : 502, timedOut ? 'Gateway Timeout' : 'Bad Gateway');
          span?.end(timedOut ? 'timeout' : 'error', timedOut ? 504 : 502);
        },
      );
    });
  };
}

class LambdaTimeoutError extends Error {
  override readonly name = 'LambdaTimeoutError';
}

async function invoke(options: LambdaHostOptions, event: ALBEvent, awsRequestId: string): Promise<unknown> {
  const started = Date.now();
  const context = {
    awsRequestId,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    memoryLimitInMB: String(options.memoryMiB),
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${options.functionName}`,
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, options.timeoutMs - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  } satisfies Context;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LambdaTimeoutError(`Task timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => options.handler(event, context)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
