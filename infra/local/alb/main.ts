/**
 * Process entry of the `router` service: the ALB emulator. Listener rules and target group
 * settings come from the topology; the targets (host:port lists) from the environment, since they
 * are where the local services happen to listen.
 */
import {
  configSchema,
  createLogger,
  documented,
  envInteger,
  envText,
  exitOnSignals,
  listen,
  parseEnv,
  startTracingFromConfig,
} from '@picus/core';
import { topology, type TargetGroupName } from '@picus/infra';
import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { authEnvShape } from '../auth/auth-env.js';
import { startRouterAuth } from '../auth/router-auth.js';
import { serverEnv } from '../process/server-env.js';
import { reportReady } from '../process/ipc-messages.js';
import { createAdminApi } from './admin-api.js';
import { createAlbEmulator } from './alb-emulator.js';
import { AccessLog } from './access-log.js';
import { BatchedStdout } from './batched-stdout.js';
import { parseTargets, TargetGroup } from './target-group.js';
import { reportStartupErrors } from '../process/startup-errors.js';

reportStartupErrors();

const env = parseEnv(
  z.object({
    ...serverEnv(topology.localPorts.router),
    ADMIN_PORT: z._default(documented(envInteger(0, 65535), 'Port of the admin API (target registration), on 127.0.0.1 only.'), 0),
    ADMIN_TOKEN: z._default(
      documented(envText(16, 256), "The stack's token, which every admin API request must carry; a random one (so no caller) when unset."),
      randomUUID(),
    ),
    API_TARGETS: z._default(documented(z.string(), 'The api targets, `host:port` comma-separated.'), ''),
    DELETE_FN_TARGETS: z._default(documented(z.string(), 'The Lambda host targets, `host:port` comma-separated.'), ''),
    HEALTH_CHECK_INTERVAL_MS: z.optional(
      documented(envInteger(10, 600_000), "Overrides the topology's health check interval (20 s) so a local stack is up in seconds."),
    ),
    DEREGISTRATION_DELAY_MS: z.optional(documented(envInteger(0, 600_000), "Overrides the topology's deregistration delay.")),
    TARGET_TIMEOUT_MS: z._default(
      documented(envInteger(1, 3_600_000), "How long a target may take before the client gets 504 (ALB's idle timeout)."),
      topology.listener.idleTimeoutSeconds * 1000,
    ),
    OTEL_EXPORTER_OTLP_ENDPOINT: configSchema.shape.OTEL_EXPORTER_OTLP_ENDPOINT,
    OTEL_BSP_SCHEDULE_DELAY: configSchema.shape.OTEL_BSP_SCHEDULE_DELAY,
    ...authEnvShape,
  }),
  process.env,
);

const stdout = new BatchedStdout();
const logger = createLogger({ service: 'router', level: env.LOG_LEVEL, destination: stdout });
const tracing = await startTracingFromConfig({ ...env, SERVICE_NAME: 'router' });
const auth = await startRouterAuth(env, logger);
const { api } = topology.targetGroups;
const groups: Record<TargetGroupName, TargetGroup> = {
  api: new TargetGroup({
    name: 'api',
    healthCheck: api.healthCheck,
    ...(env.HEALTH_CHECK_INTERVAL_MS ? { healthCheckIntervalMs: env.HEALTH_CHECK_INTERVAL_MS } : {}),
    deregistrationDelayMs: env.DEREGISTRATION_DELAY_MS ?? api.deregistrationDelaySeconds * 1000,
  }),
  'delete-fn': new TargetGroup({ name: 'delete-fn', deregistrationDelayMs: env.DEREGISTRATION_DELAY_MS ?? 0 }),
};
for (const target of parseTargets(env.API_TARGETS)) groups.api.register(target);
for (const target of parseTargets(env.DELETE_FN_TARGETS)) groups['delete-fn'].register(target);

let listenerPort = env.PORT;
const running = await listen(
  createAlbEmulator({
    rules: topology.listener.rules,
    targetGroups: groups,
    defaultAction: topology.listener.defaultAction,
    targetTimeoutMs: env.TARGET_TIMEOUT_MS,
    listenerPort: () => listenerPort,
    tracing: tracing !== undefined,
    accessLog: new AccessLog({ service: 'router', level: env.LOG_LEVEL, destination: stdout }),
    ...(auth.check ? { jwt: auth.check } : {}),
  }),
  { host: env.HOST, port: env.PORT, logger },
);
listenerPort = running.port;
const admin = await listen(createAdminApi(groups, { token: env.ADMIN_TOKEN }), { host: '127.0.0.1', port: env.ADMIN_PORT, logger });
exitOnSignals(running, {
  graceMs: 5_000,
  logger,
  onClosed: async () => {
    for (const group of Object.values(groups)) group.close();
    await admin.drain(0);
    await auth.close();
    await tracing?.shutdown();
  },
});
logger.info(
  { port: running.port, adminPort: admin.port, apiTargets: env.API_TARGETS, deleteFnTargets: env.DELETE_FN_TARGETS },
  'listening',
);
reportReady({ listener: running.port, admin: admin.port, ...(auth.port ? { auth: auth.port } : {}) });
