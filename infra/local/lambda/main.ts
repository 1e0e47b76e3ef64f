/**
 * Process entry of the `delete-fn` service: the Lambda target host running the delete function's
 * bundle. It loads the bundle once (the function's own environment, e.g. DYNAMODB_ENDPOINT, is
 * this process's) and serves it as ALB's Lambda integration does.
 */
import {
  configSchema,
  createLogger,
  documented,
  envBoolean,
  envInteger,
  envText,
  exitOnSignals,
  listen,
  parseEnv,
  startTracingFromConfig,
} from '@picus/core';
import { topology } from '@picus/infra';
import { resolve } from 'node:path';
import * as z from 'zod/mini';
import { serverEnv } from '../process/server-env.js';
import { reportReady } from '../process/ipc-messages.js';
import { createLambdaHost, loadHandler } from './lambda-host.js';
import { reportStartupErrors } from '../process/startup-errors.js';

reportStartupErrors();

const lambdaTargets = topology.targetGroups['delete-fn'];
const env = parseEnv(
  z.object({
    ...serverEnv(lambdaTargets.port),
    SERVICE_NAME: z._default(documented(envText(1), 'The service this host runs, in its log lines.'), 'delete-fn'),
    HANDLER_MODULE: z._default(
      documented(envText(1), "The function's bundle; its `handler` export is invoked."),
      'delete-fn/dist/lambda.js',
    ),
    FUNCTION_NAME: z._default(
      documented(envText(1), 'The function name in the Lambda context and the target group ARN.'),
      'picus-delete-fn',
    ),
    LAMBDA_TIMEOUT_MS: z._default(
      documented(envInteger(1, 900_000), "The function's timeout; past it the host answers 504."),
      lambdaTargets.timeoutSeconds * 1000,
    ),
    MULTI_VALUE_HEADERS: z._default(documented(envBoolean, "The target group's multi-value headers setting."), false),
    OTEL_EXPORTER_OTLP_ENDPOINT: configSchema.shape.OTEL_EXPORTER_OTLP_ENDPOINT,
    OTEL_BSP_SCHEDULE_DELAY: configSchema.shape.OTEL_BSP_SCHEDULE_DELAY,
  }),
  process.env,
);

const logger = createLogger({ service: env.SERVICE_NAME, level: env.LOG_LEVEL }).child({ component: 'lambda-host' });
// Before the function's bundle loads, which starts tracing too and then shares this process's SDK.
const tracing = await startTracingFromConfig(env);
const handler = await loadHandler(resolve(env.HANDLER_MODULE));
const running = await listen(
  createLambdaHost({
    handler,
    functionName: env.FUNCTION_NAME,
    targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/${env.FUNCTION_NAME}/local`,
    timeoutMs: env.LAMBDA_TIMEOUT_MS,
    memoryMiB: lambdaTargets.memoryMiB,
    multiValueHeaders: env.MULTI_VALUE_HEADERS,
    onError: (error) => logger.error({ err: error }, 'invocation failed'),
    tracing: tracing !== undefined,
  }),
  { host: env.HOST, port: env.PORT, logger },
);
exitOnSignals(running, { graceMs: env.LAMBDA_TIMEOUT_MS, logger, onClosed: () => tracing?.shutdown() });
logger.info({ port: running.port, handler: env.HANDLER_MODULE }, 'listening');
reportReady({ listener: running.port });
