import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable, isPortFree, topology } from '@picus/infra';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { launchSupervisor } from './supervisor-launch.js';
import type { ServiceName } from '../supervisor/embedded-stack.js';
import { runningWithToken } from '../process/ps-inspector.js';
import type { SupervisorStart } from '../supervisor/supervisor-main.js';
import { probeHealth } from '../supervisor/service-health.js';
import { configuredPorts, type StackEnv } from './stack-env.js';
import { clearState, liveServices, readState, type StackPaths, type StackState } from '../supervisor/stack-state.js';
import { lastLines, stopPid } from '../process/child-process.js';

export function printUrls(state: StackState): void {
  const rows = Object.entries(state.urls).map(([name, url]) => `  ${name.padEnd(12)} ${url}`);
  console.log(`\n${rows.join('\n')}\n`);
}

/** `make up`: start the embedded stack under its supervisor, in the background, and return once every service is healthy. */
export async function up(paths: StackPaths, env: StackEnv): Promise<number> {
  const started = performance.now();
  const previous = readState(paths);
  if (previous) {
    const supervised = previous.supervisorPid !== undefined && runningWithToken([previous.supervisorPid], previous.token).size > 0;
    if (supervised) {
      console.log('The stack is already up.');
      printUrls(previous);
      return 0;
    }
    // What a supervisor that is gone left behind: clear it away before starting afresh.
    await Promise.all(liveServices(previous).map((service) => stopPid(service.pid, 5_000)));
    clearState(paths);
  }
  const ports = configuredPorts(env);
  for (const [service, { port, variable }] of Object.entries(ports)) {
    if (!(await isPortFree(port))) {
      console.error(
        `Port ${port} (${service}) is already in use. Stop what listens there, or pick another port: ${variable}=<port> make up`,
      );
      return 1;
    }
  }
  rmSync(paths.logDir, { recursive: true, force: true });
  const answer = await launchSupervisor(
    {
      type: 'start',
      ports: Object.fromEntries(Object.entries(ports).map(([name, { port }]) => [name, port])) as SupervisorStart['ports'],
      options: {
        token: randomUUID(),
        ports: Object.fromEntries(Object.entries(ports).map(([name, { port }]) => [name, port])),
        dataDir: paths.dataDir,
        logDir: paths.logDir,
        stateFile: paths.stateFile,
        healthCheckIntervalMs: 500,
        bindAddress: env.BIND_ADDRESS,
        apiReplicas: env.API_REPLICAS,
        ...(env.NODE_ENV === 'production' ? { production: true, cursorKeyFile: paths.cursorKeyFile } : {}),
        ...(env.INSPECT ? { inspect: { service: env.INSPECT, port: env.INSPECT_PORT } } : {}),
      },
    },
    join(paths.stackDir, 'supervisor.log'),
  );
  if (answer.type === 'failed') {
    console.error(answer.message);
    console.error('Stopped every service it had started; fix the above and run `make up` again.');
    return 1;
  }
  printUrls({ startedAt: '', token: '', urls: answer.urls, services: [] });
  console.log(
    `All services healthy in ${((performance.now() - started) / 1000).toFixed(1)} s. \`make logs\` follows them; \`make down\` stops them.`,
  );
  return 0;
}

/** `make down`: stop exactly what `make up` started (its supervisor first, which stops the rest); the data stays. */
export async function down(paths: StackPaths): Promise<number> {
  const state = readState(paths);
  if (!state) {
    console.log('The stack is not running.');
    return 0;
  }
  const live = liveServices(state);
  if (state.supervisorPid !== undefined && runningWithToken([state.supervisorPid], state.token).size > 0)
    await stopPid(state.supervisorPid, 30_000);
  // Whatever is left (a supervisor killed by hand; its children stop themselves, but not at once).
  const order: ServiceName[] = ['router', 'api', 'delete-fn', 'dynamodb', 'console'];
  const left = liveServices(state);
  for (const name of order) {
    await Promise.all(left.filter((service) => service.name === name).map((service) => stopPid(service.pid, 12_000)));
  }
  clearState(paths);
  console.log(
    `Stopped ${live.length} service${live.length === 1 ? '' : 's'}. The data stays in .data/dynamodb (\`make reset\` empties it).`,
  );
  return 0;
}

/** `make ps`: each service's pid, port, whether it answers, and how often the supervisor restarted it and why. */
export async function ps(paths: StackPaths): Promise<number> {
  const state = readState(paths);
  if (!state) {
    console.log('The stack is not running.');
    return 0;
  }
  const live = new Set(liveServices(state).map((service) => service.pid));
  console.log(`${'service'.padEnd(11)} ${'pid'.padEnd(8)} ${'port'.padEnd(6)} ${'state'.padEnd(8)} ${'health'.padEnd(16)} restarts`);
  for (const service of state.services) {
    const running = live.has(service.pid);
    const health = running ? await probeHealth(service.name, service.port) : '-';
    const restarts = `${service.restarts ?? 0}${service.lastExit ? ` (last: ${service.lastExit.reason} at ${service.lastExit.at.slice(11, 19)})` : ''}`;
    console.log(
      `${service.name.padEnd(11)} ${String(service.pid).padEnd(8)} ${String(service.port).padEnd(6)} ${(running ? 'running' : 'exited').padEnd(8)} ${health.padEnd(16)} ${restarts}`,
    );
    if (!running) console.log(lastLines(join(paths.logDir, `${service.logName}.log`), 5));
  }
  if (state.supervisorPid !== undefined && runningWithToken([state.supervisorPid], state.token).size === 0) {
    console.log(
      `The stack's supervisor (pid ${state.supervisorPid}) is gone, and its services with it: \`make down && make up\` starts them again.`,
    );
  }
  return 0;
}

/** `make reset`: empty the table (recreated from the topology), whether or not the stack runs. */
export async function reset(paths: StackPaths): Promise<number> {
  const state = readState(paths);
  const dynamodb = state && liveServices(state).find((service) => service.name === 'dynamodb');
  if (!dynamodb) {
    rmSync(paths.dataDir, { recursive: true, force: true });
    console.log('Emptied .data/dynamodb.');
    return 0;
  }
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${dynamodb.port}`,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await client.send(new DeleteTableCommand({ TableName: topology.table.name })).catch(() => undefined);
  await ensureTable(client);
  client.destroy();
  console.log(`Emptied the ${topology.table.name} table.`);
  return 0;
}

const SAMPLE_ITEMS = [
  { name: 'Ada Lovelace', role: 'engineer', team: 'analytics' },
  { name: 'Grace Hopper', role: 'admiral', team: 'compilers' },
  { name: 'Alan Turing', role: 'researcher', team: 'foundations' },
  { name: 'Katherine Johnson', role: 'mathematician', team: 'trajectories' },
  { name: 'Margaret Hamilton', role: 'director', team: 'flight software' },
];

/** `make seed`: load sample items through the router, as a client would. */
export async function seed(routerUrl: string): Promise<number> {
  for (const item of SAMPLE_ITEMS) {
    const response = await fetch(`${routerUrl}/picus/put`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(item),
    }).catch(() => undefined);
    if (!response || response.status !== 201) {
      console.error(
        `Could not create "${item.name}" through ${routerUrl}: ${response ? response.status : 'no answer'}. Is the stack up (\`make up\`)?`,
      );
      return 1;
    }
    console.log(`created ${((await response.json()) as { id: string }).id}  ${item.name}`);
  }
  return 0;
}
