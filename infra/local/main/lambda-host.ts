/**
 * Process entry: the Lambda target host. Loads the handler bundle once (the function's own
 * environment, e.g. DYNAMODB_ENDPOINT, is this process's) and serves it as ALB's integration does.
 */
import { announceListening, createLogger, exitWithParent, exitOnSignals, listen } from '@picus/core';
import { resolve } from 'node:path';
import { z } from 'zod';
import { topology } from '../../src/topology.js';
import { createLambdaHost, loadHandler } from '../lambda-host.js';

const lambdaTargets = topology.targetGroups['delete-fn'];
const env = z
  .object({
    EXIT_WITH_PARENT: z.enum(['true', 'false']).default('false'),
    PORT: z.coerce.number().int().min(0).max(65535).default(lambdaTargets.port),
    HOST: z.string().default('127.0.0.1'),
    HANDLER_MODULE: z.string().default('delete-fn/dist/lambda.js'),
    FUNCTION_NAME: z.string().default('picus-delete-fn'),
    LAMBDA_TIMEOUT_MS: z.coerce.number().int().min(1).default(lambdaTargets.timeoutSeconds * 1000),
    MULTI_VALUE_HEADERS: z.enum(['true', 'false']).default('false'),
  })
  .parse(process.env);

exitWithParent(env.EXIT_WITH_PARENT === 'true');
const logger = createLogger({ service: 'lambda-host', level: 'info' });
const handler = await loadHandler(resolve(env.HANDLER_MODULE));
const running = await listen(
  createLambdaHost({
    handler,
    functionName: env.FUNCTION_NAME,
    targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/${env.FUNCTION_NAME}/local`,
    timeoutMs: env.LAMBDA_TIMEOUT_MS,
    memoryMiB: lambdaTargets.memoryMiB,
    multiValueHeaders: env.MULTI_VALUE_HEADERS === 'true',
    onError: (error) => logger.error({ err: error }, 'invocation failed'),
  }),
  { host: env.HOST, port: env.PORT, logger },
);
exitOnSignals(running, { graceMs: env.LAMBDA_TIMEOUT_MS, logger });
announceListening('lambda-host', running.port, { handler: env.HANDLER_MODULE });
