import { REPO_ROOT, topology } from '@picus/infra';
import type { EmbeddedStack } from '@picus/local';
import { join } from 'node:path';
import { DEVELOPMENT_ROW } from './report.js';
import type { RowDeps } from './scenario-rows.js';
import { get, health, IdPool, list, put, stream } from './scenarios.js';
import { spawnService } from './spawn-service.js';

/**
 * The api's heap bounds (old generation, and the young generation's semi-spaces), as its start
 * command, the image and the ECS task set them: without them V8 sizes the heap from the machine's RAM.
 */
export const API_NODE_OPTIONS = topology.targetGroups.api.nodeFlags.join(' ');

/**
 * Through the router with a second api process registered, as ECS runs the service (desired count
 * 2): the ALB emulator round-robins over both, so the api is no longer one event loop.
 */
export async function benchTwoReplicas(
  { scenario, prewarm, caps }: RowDeps,
  stack: EmbeddedStack,
  reads: IdPool,
  watch: Record<string, number>,
): Promise<void> {
  console.log('Through the ALB emulator, two api replicas (the ECS desired count):');
  const replica = await stack.startApiReplica('api-bench-2');
  await stack.registerApi(replica.port);
  try {
    const both = { ...watch, 'api-2': replica.pid };
    const note = 'CPU and RSS columns: the first replica, which serves half the requests';
    await prewarm('the second replica', [stream(stack.routerUrl, [get(reads)], caps, 10), stream(stack.routerUrl, [put()], caps, 10)]);
    await scenario('get, 2 api replicas', 'router', 'api', [stream(stack.routerUrl, [get(reads)], caps)], both, { note });
    await scenario('put, 2 api replicas', 'router', 'api', [stream(stack.routerUrl, [put()], caps)], both, { note });
  } finally {
    await stack.deregisterApi(replica.port);
  }
}

/**
 * Development mode: a second api process on the same DynamoDB and table, with the same environment
 * but NODE_ENV=development (response validation on, as `make up` runs it by default), so only the
 * mode differs from the `put`/`get` rows, which run as deployed.
 */
export async function benchDevelopment(
  { scenario, prewarm, cleanup, workDir, caps }: RowDeps,
  stack: EmbeddedStack,
  reads: IdPool,
): Promise<void> {
  console.log('A second api process in development mode, response validation on (same DynamoDB):');
  const api = await spawnService(join(REPO_ROOT, 'api/dist/server.js'), {
    env: { ...stack.handlerEnv, NODE_ENV: 'development', VALIDATE_RESPONSES: 'true', PORT: '0', NODE_OPTIONS: API_NODE_OPTIONS },
    logFile: join(workDir, 'api-development.log'),
  });
  const unregister = cleanup.add(() => api.stop());
  try {
    const url = `http://127.0.0.1:${api.port}`;
    const { api: mainApi, ...others } = stack.processes;
    const watch = {
      ...Object.fromEntries(Object.entries(others).map(([name, started]) => [name, started.pid])),
      api: api.pid,
      'api (as deployed, idle)': mainApi.pid,
    };
    // The same warm-up the deployed-mode api had before its put and get rows.
    await prewarm('the development-mode api', [
      stream(url, [health()], caps, 10),
      stream(url, [put()], caps, 10),
      stream(url, [get(reads)], caps, 10),
      stream(url, [list()], caps, 10),
    ]);
    await scenario(`put ${DEVELOPMENT_ROW}`, 'api', 'api', [stream(url, [put()], caps)], watch);
    await scenario(`get ${DEVELOPMENT_ROW}`, 'api', 'api', [stream(url, [get(reads)], caps)], watch);
  } finally {
    unregister();
    await api.stop();
  }
}
