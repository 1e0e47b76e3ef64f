/**
 * Process entry of the `console` service: the local console on 127.0.0.1 (live requests, traces,
 * services, the table), which takes the stack's spans over OTLP/HTTP at `/v1/traces`.
 * In the embedded stack it learns the router, DynamoDB and every process from the stack's state
 * file; in Compose, from ROUTER_URL and DYNAMODB_ENDPOINT, and each request's listener rule from
 * nginx's access log (ROUTER_ACCESS_LOG_PORT).
 */
import { ConfigError, createLogger, documented, envBoolean, envInteger, envText, exitOnSignals, listen, parseEnv } from '@picus/core';
import { topology } from '@picus/infra';
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';
import { serverEnv } from '../process/server-env.js';
import { reportReady } from '../process/ipc-messages.js';
import { createConsoleServer } from './console-server.js';
import { isLoopback } from './console-token.js';
import { RequestLog } from './request-log.js';
import { RouterAccessLog } from './router-access-log.js';
import { SseHub } from './sse-hub.js';
import { StackServices } from './stack-services.js';
import { TableBrowser } from './table-browser.js';
import { reportStartupErrors } from '../process/startup-errors.js';

reportStartupErrors();

const env = parseEnv(
  z.object({
    ...serverEnv(topology.localPorts.console),
    STACK_STATE_FILE: z.optional(
      documented(envText(1), "The embedded stack's state file: its processes, and where the router and DynamoDB listen."),
    ),
    ROUTER_URL: z.optional(
      documented(z.url(), 'The router, where replays and table writes go (Compose; the embedded stack has it in its state file).'),
    ),
    DYNAMODB_ENDPOINT: z.optional(documented(z.url(), 'The local DynamoDB the table browser reads (never AWS).')),
    DYNAMODB_TABLE_NAME: z._default(documented(envText(3, 255), 'The items table.'), topology.table.name),
    ROUTER_ACCESS_LOG_PORT: z.optional(
      documented(envInteger(0, 65535), "UDP port for nginx's JSON access log as syslog: the listener rule of each request under Compose."),
    ),
    CONSOLE_TOKEN: z.optional(
      documented(
        envText(16, 256),
        'Lets the console bind beyond loopback (HOST); every request must then carry it. Without it, only loopback binds are taken.',
      ),
    ),
    CONSOLE_LOOPBACK_PUBLISHED: z._default(
      documented(envBoolean, 'Compose: the container binds 0.0.0.0, but Docker publishes the port on 127.0.0.1 only.'),
      false,
    ),
    CONSOLE_MAX_REQUESTS: z._default(
      documented(envInteger(10, 100_000), 'How many recent requests (traces) the console keeps; the oldest go first.'),
      1_000,
    ),
  }),
  process.env,
);

// It serves request bodies, restarts and deletes: beyond loopback, only to whoever holds the token.
if (!isLoopback(env.HOST) && !env.CONSOLE_TOKEN && !env.CONSOLE_LOOPBACK_PUBLISHED) {
  throw new ConfigError(
    `Invalid configuration:\n  HOST: the console binds ${env.HOST} only with CONSOLE_TOKEN set (16 characters or more); it serves request bodies, restarts and deletes`,
  );
}
const logger = createLogger({ service: 'console', level: env.LOG_LEVEL });
const hub = new SseHub();
// A row is sent again once its rule arrives (nginx may log after the handler's spans came in).
const accessLog = new RouterAccessLog((requestId) => requests.refresh(requestId));
const services = new StackServices(env.STACK_STATE_FILE ? { stateFile: env.STACK_STATE_FILE } : {});
const routerUrl = () => env.ROUTER_URL ?? services.urlOf('router');
const table = new TableBrowser({
  dynamodbEndpoint: () => env.DYNAMODB_ENDPOINT ?? services.urlOf('dynamodb'),
  routerUrl,
  tableName: env.DYNAMODB_TABLE_NAME,
});
const requests = new RequestLog({ maxTraces: env.CONSOLE_MAX_REQUESTS, maxSpansPerTrace: 256 }, hub, accessLog);
if (env.ROUTER_ACCESS_LOG_PORT !== undefined) await accessLog.listen(env.HOST, env.ROUTER_ACCESS_LOG_PORT);
const running = await listen(
  createConsoleServer({
    requests,
    hub,
    services,
    table,
    routerUrl,
    // The page sits next to the bundle (build.mjs copies it there).
    uiDir: fileURLToPath(new URL('./console-ui/', import.meta.url)),
    ...(env.CONSOLE_TOKEN ? { token: env.CONSOLE_TOKEN } : {}),
    onError: (error) => logger.error({ err: error }, 'console request failed'),
  }),
  { host: env.HOST, port: env.PORT, logger },
);
// Open pages hold event streams that would keep the drain waiting: end them first.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => hub.close());
exitOnSignals(running, {
  graceMs: 2_000,
  logger,
  onClosed: () => {
    hub.close();
    table.close();
    accessLog.close();
  },
});
logger.info({ port: running.port, stateFile: env.STACK_STATE_FILE }, 'listening');
reportReady({ listener: running.port });
