/**
 * Process entry: the ALB emulator. Listener rules and target group settings come from the
 * topology; the targets (host:port lists) from the environment, since they are where the local
 * services happen to listen.
 */
import { announceListening, createLogger, exitWithParent, exitOnSignals, listen } from '@picus/core';
import { z } from 'zod';
import { topology, type TargetGroupName } from '../../src/topology.js';
import { createAlbEmulator } from '../alb-emulator.js';
import { createRouterAdmin } from '../router-admin.js';
import { TargetGroup, type Target } from '../target-group.js';

const targetList = z
  .string()
  .default('')
  .transform((text): Target[] =>
    text
      .split(',')
      .filter(Boolean)
      .map((entry) => {
        const [host = '127.0.0.1', port = ''] = entry.includes(':') ? entry.split(':') : ['127.0.0.1', entry];
        return { host, port: Number(port) };
      }),
  );
const env = z
  .object({
    EXIT_WITH_PARENT: z.enum(['true', 'false']).default('false'),
    PORT: z.coerce.number().int().min(0).max(65535).default(topology.localPorts.router),
    HOST: z.string().default('127.0.0.1'),
    ADMIN_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    API_TARGETS: targetList,
    DELETE_FN_TARGETS: targetList,
    HEALTH_CHECK_INTERVAL_MS: z.coerce.number().int().min(10).optional(),
    DEREGISTRATION_DELAY_MS: z.coerce.number().int().min(0).optional(),
    TARGET_TIMEOUT_MS: z.coerce.number().int().min(1).default(topology.listener.idleTimeoutSeconds * 1000),
  })
  .parse(process.env);

exitWithParent(env.EXIT_WITH_PARENT === 'true');
const logger = createLogger({ service: 'router', level: 'info' });
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
for (const target of env.API_TARGETS) groups.api.register(target);
for (const target of env.DELETE_FN_TARGETS) groups['delete-fn'].register(target);

let listenerPort = env.PORT;
const running = await listen(
  createAlbEmulator({
    rules: topology.listener.rules,
    targetGroups: groups,
    defaultAction: topology.listener.defaultAction,
    targetTimeoutMs: env.TARGET_TIMEOUT_MS,
    listenerPort: () => listenerPort,
  }),
  { host: env.HOST, port: env.PORT, logger },
);
listenerPort = running.port;
const admin = await listen(createRouterAdmin(groups), { host: '127.0.0.1', port: env.ADMIN_PORT, logger });
exitOnSignals(running, {
  graceMs: 5_000,
  logger,
  onClosed: async () => {
    for (const group of Object.values(groups)) group.close();
    await admin.drain(0);
  },
});
announceListening('router', running.port, { adminPort: admin.port, apiTargets: env.API_TARGETS, deleteFnTargets: env.DELETE_FN_TARGETS });
