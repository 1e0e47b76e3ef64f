import { spawnSync } from 'node:child_process';
import { watch } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@picus/infra';
import { startEmbeddedStack, type ServiceName } from '../supervisor/embedded-stack.js';
import { configuredPorts, type StackEnv } from './stack-env.js';
import { inspectorUrl } from '../process/inspector.js';
import { tailLogs } from './logs.js';
import type { StackPaths } from '../supervisor/stack-state.js';

/** Which sources each handler's bundle is built from, and the workspace that builds it. */
const WATCHED: ReadonlyArray<{ service: ServiceName; workspace: string; folders: string[] }> = [
  { service: 'api', workspace: '@picus/api', folders: ['core/src', 'api/src'] },
  { service: 'delete-fn', workspace: '@picus/delete-fn', folders: ['core/src', 'delete-fn/src'] },
];

/**
 * `make dev`: the stack in the foreground, with logs, rebuilding and restarting a handler when its
 * sources change. Ctrl-C stops everything.
 */
export async function dev(paths: StackPaths, env: StackEnv): Promise<number> {
  const ports = configuredPorts(env);
  const stack = await startEmbeddedStack({
    ports: {
      router: ports.router.port,
      api: ports.api.port,
      deleteFn: ports.deleteFn.port,
      dynamodb: ports.dynamodb.port,
      console: ports.console.port,
    },
    console: true,
    dataDir: paths.dataDir,
    logDir: paths.logDir,
    healthCheckIntervalMs: 500,
    bindAddress: env.BIND_ADDRESS,
    restartOnExit: true,
    ...(env.NODE_ENV === 'production' ? { production: true, cursorKeyFile: paths.cursorKeyFile } : {}),
    apiReplicas: env.API_REPLICAS,
    ...(env.INSPECT ? { inspect: { service: env.INSPECT, port: env.INSPECT_PORT } } : {}),
  });
  console.log(`\n  router      ${stack.routerUrl}\n  Swagger UI  ${stack.routerUrl}/docs\n  console     ${stack.consoleUrl ?? ''}`);
  await printInspectors(env.INSPECT, stack.inspectorPorts);
  console.log('\nWatching core/, api/ and delete-fn/ sources; Ctrl-C stops the stack.\n');
  const tail = tailLogs(paths.logDir, { format: env.LOG_FORMAT, color: process.stdout.isTTY === true });

  let pending: NodeJS.Timeout | undefined;
  const changed = new Set<ServiceName>();
  for (const { service, folders } of WATCHED) {
    for (const folder of folders) {
      watch(join(REPO_ROOT, folder), { recursive: true }, () => {
        changed.add(service);
        clearTimeout(pending);
        // Editors write several times per save: rebuild once they settle.
        pending = setTimeout(() => void rebuild([...changed].splice(0)), 150);
      });
    }
  }
  const rebuild = async (services: ServiceName[]) => {
    changed.clear();
    for (const service of services) {
      const workspace = WATCHED.find((entry) => entry.service === service)?.workspace ?? '';
      const build = spawnSync('npm', ['run', 'build', '--silent', '-w', workspace], { cwd: REPO_ROOT, stdio: 'inherit' });
      if (build.status !== 0) {
        console.error(`[dev] ${service}: build failed; still serving the previous version.`);
        continue;
      }
      await stack.restart(service).then(
        async () => {
          console.log(`[dev] ${service} rebuilt and restarted`);
          if (service === env.INSPECT) await printInspectors(env.INSPECT, stack.inspectorPorts);
        },
        (error: unknown) => console.error(`[dev] ${service} failed to restart:\n${(error as Error).message}`),
      );
    }
  };

  return new Promise((resolve) => {
    const stop = () => {
      tail.stop();
      void stack.stop().then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** Prints where a debugger attaches to each inspected process (the URL changes at each restart; the port does not). */
async function printInspectors(service: string | undefined, ports: readonly number[]): Promise<void> {
  for (const port of ports)
    console.log(`  inspector   ${service} on 127.0.0.1:${port}  ${(await inspectorUrl(port)) ?? '(not answering)'}`);
}
