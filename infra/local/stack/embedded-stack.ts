import { untracedHeaders } from '@picus/core';
import { REPO_ROOT, topology } from '@picus/infra';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { adminHeaders } from '../alb/admin-api.js';
import { issuerKeyFile } from '../auth/local-issuer.js';
import { liveServices, readStateFile, writeStateFile, type ServiceRecord } from './stack-state.js';
import { startProcess, stopPid, stopStarted, type StartedProcess } from './supervisor.js';
import { SERVICES, type CoreServiceName, type ServiceName } from './services.js';

export { SERVICES, type CoreServiceName, type ServiceName } from './services.js';

export interface StackOptions {
  /** Ports to listen on; 0 (the default) picks free ones so concurrent stacks never clash. */
  readonly ports?: Partial<Record<'router' | 'api' | 'deleteFn' | 'dynamodb' | 'console', number>>;
  /**
   * Run the local console too, and turn tracing on in the router and both handlers, their spans
   * going to it. `make up` and `make dev` do; tests and the bench ask for it when they need it.
   */
  readonly console?: boolean;
  /**
   * Where the stack records its services (pids, ports, how each was started): `make up`'s
   * `.stack/state.json`; `state.json` in the log folder when absent. The console restarts services from it.
   */
  readonly stateFile?: string;
  /** Where the embedded DynamoDB keeps its data; in memory when absent. */
  readonly dataDir?: string;
  /** Where each service's log goes (`<service>.log`); a fresh temporary folder when absent. */
  readonly logDir?: string;
  /** Keep the processes running after this one exits (`make up`). */
  readonly detached?: boolean;
  /** Local health checks run this often instead of the topology's 20 s; thresholds stay the topology's. */
  readonly healthCheckIntervalMs?: number;
  /** How long the router lets a deregistered target drain. */
  readonly deregistrationDelayMs?: number;
  /** Extra environment for the api and the Lambda (e.g. LOG_LEVEL, VALIDATE_RESPONSES). */
  readonly handlerEnv?: Readonly<Record<string, string>>;
  /** Extra environment for the router (e.g. TARGET_TIMEOUT_MS). */
  readonly routerEnv?: Readonly<Record<string, string>>;
  /** How many api processes (ECS tasks) the router balances over; ECS runs 2. One when absent. */
  readonly apiReplicas?: number;
  /** Marks every process's command line as this stack's (see `ps-inspector.ts`); a new one when absent. */
  readonly token?: string;
  /**
   * Starts this service's processes with the Node inspector on 127.0.0.1: the first on `port`,
   * each further one (api replicas) on the next port, so they never clash.
   */
  readonly inspect?: { readonly service: ServiceName; readonly port: number };
}

/** A running embedded stack: URLs, its processes, and the controls fault tests need. */
export interface EmbeddedStack {
  readonly routerUrl: string;
  readonly apiUrl: string;
  readonly deleteFnUrl: string;
  readonly dynamodbEndpoint: string;
  /** The router's admin API (target registration); never reachable through the listener. */
  readonly adminUrl: string;
  /** The local console, when {@link StackOptions.console} asked for it. */
  readonly consoleUrl?: string;
  readonly tableName: string;
  readonly logDir: string;
  readonly stateFile: string;
  readonly token: string;
  /** The processes, by service; `api` is the first replica; `console` only when asked for. */
  readonly processes: Readonly<Record<CoreServiceName, StartedProcess>> & { readonly console?: StartedProcess };
  /** Every process with how it was started, as the state file records them. */
  services(): ServiceRecord[];
  /** The api processes beyond the first: those `apiReplicas` asked for, then any `startApiReplica` added. */
  readonly apiReplicas: readonly StartedProcess[];
  /** The environment the handlers run with (DynamoDB endpoint, table, and `handlerEnv`). */
  readonly handlerEnv: Readonly<Record<string, string>>;
  /** Starts another api process (a new ECS task), not yet registered with the router. */
  startApiReplica(name?: string): Promise<StartedProcess>;
  /** Registers an api target and resolves once the router's health checks find it healthy. */
  registerApi(port: number): Promise<void>;
  /** Deregisters an api target; resolves once its in-flight requests have drained. */
  deregisterApi(port: number): Promise<void>;
  /**
   * Stops a service's process and resolves once it has exited: SIGTERM (the default) lets it drain and
   * is followed by SIGKILL after the grace; SIGKILL is a crash. Fault tests use it.
   */
  stopService(service: ServiceName, signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts a stopped service again on the same port, with the same environment and data. */
  startService(service: ServiceName): Promise<StartedProcess>;
  /**
   * Stops each process of a service (SIGTERM, SIGKILL after the grace) and starts it again on the
   * same port, one after another: for the api, the first process and then every replica.
   */
  restart(service: ServiceName): Promise<void>;
  /** The inspector ports of the inspected service's processes (see {@link StackOptions.inspect}). */
  readonly inspectorPorts: readonly number[];
  /** Every process, replicas included, stopped. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;
/** With the console on, spans leave each process this often, so a request shows in well under a second. */
const SPAN_BATCH_DELAY_MS = 200;

/**
 * Starts the embedded stack: the embedded DynamoDB (table bootstrapped from the topology), the api,
 * the Lambda host running the delete-fn bundle, and the ALB emulator, each as its own Node process,
 * and, when asked, the local console, with tracing on in the others. Resolves once the router
 * answers health through a healthy api target.
 */
export async function startEmbeddedStack(options: StackOptions = {}): Promise<EmbeddedStack> {
  const wanted = Object.entries(SERVICES).filter(([name]) => options.console || name !== 'console');
  for (const [, { script }] of wanted) {
    if (!existsSync(script)) throw new Error(`${script} is missing: run \`make build\` first.`);
  }
  const logDir = options.logDir ?? mkdtempSync(join(tmpdir(), 'picus-stack-'));
  mkdirSync(logDir, { recursive: true });
  const stateFile = options.stateFile ?? join(logDir, 'state.json');
  const ports = options.ports ?? {};
  const detached = options.detached ?? false;
  const token = options.token ?? randomUUID();
  const tableName = topology.table.name;
  const processes = {} as Record<CoreServiceName, StartedProcess> & { console?: StartedProcess };
  const replicas: StartedProcess[] = [];
  // Every process started, restarts included, so a failed start or `stop` leaves none behind.
  const everyStarted: StartedProcess[] = [];
  // Each service's environment, kept so a restart brings it back exactly as it was.
  const envs = {} as Record<ServiceName, Record<string, string>>;
  // The inspected service's n-th process (its replicas counted from the log name api-2, api-3…) takes port + n - 1.
  const inspectorPort = (name: ServiceName, logName: string) => {
    if (options.inspect?.service !== name) return undefined;
    const replica = /-(\d+)$/.exec(logName);
    return options.inspect.port + (replica ? Number(replica[1]) - 1 : 0);
  };
  // What the state file records: each process by log name, with how it was started.
  const records = new Map<string, ServiceRecord>();
  const start = (name: ServiceName, env: Record<string, string>, logName: string = name) => {
    if (logName === name) envs[name] = env;
    const inspector = inspectorPort(name, logName);
    // The api runs with the heap bound its ECS task has, so local RSS and CPU match the cloud's.
    const nodeFlags = [...(name === 'api' ? topology.targetGroups.api.nodeFlags : []), ...(inspector === undefined ? [] : [`--inspect=127.0.0.1:${inspector}`])];
    const logFile = join(logDir, `${logName}.log`);
    return startProcess({ name, ...SERVICES[name], env, nodeFlags, logFile, detached, token, cwd: REPO_ROOT }).then((started) => {
      everyStarted.push(started);
      records.set(logName, { name, logName, pid: started.pid, port: started.port, spec: { script: SERVICES[name].script, env, nodeFlags, readiness: SERVICES[name].readiness, logFile, cwd: REPO_ROOT } });
      // Merged by log name with what is on disk: the console may have restarted other services since
      // (service-restart.ts writes their new pids there), and those records must not be overwritten.
      const onDisk = readStateFile(stateFile);
      const merged = new Map([...records].map(([key, record]) => [key, onDisk?.services.find((service) => service.logName === key && key !== logName) ?? record]));
      writeStateFile(stateFile, { startedAt, token, urls: onDisk?.urls ?? {}, services: [...merged.values()] });
      return started;
    });
  };
  const startedAt = new Date().toISOString();
  /**
   * Stops a process this stack started and, when the console has restarted it since, the process
   * the state file now records for it (not this process's child, and on the same port).
   */
  const stopWithRestarts = async (logName: string, started: StartedProcess, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    const state = readStateFile(stateFile);
    const recorded = state?.services.find((service) => service.logName === logName && service.pid !== started.pid);
    if (signal === 'SIGKILL') {
      if (started.isAlive()) process.kill(started.pid, 'SIGKILL');
      await started.exited;
    } else {
      await stopStarted(started, STOP_GRACE_MS);
    }
    if (state && recorded && liveServices({ ...state, services: [recorded] }).length > 0) await stopPid(recorded.pid, signal === 'SIGKILL' ? 0 : STOP_GRACE_MS);
  };

  const stopService = async (service: ServiceName, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    const started = processes[service];
    if (started) await stopWithRestarts(service, started, signal);
  };
  const startService = async (service: ServiceName) => {
    const previous = processes[service];
    if (!previous) throw new Error(`${service} is not part of this stack`);
    const started = await start(service, { ...envs[service], PORT: String(previous.port) });
    if (service === 'console') processes.console = started;
    else processes[service] = started;
    return started;
  };
  const stopAll = async () => {
    await Promise.all(everyStarted.filter((started) => started.isAlive()).map((started) => stopStarted(started, STOP_GRACE_MS)));
    // Processes the console restarted are not this process's children: the state file knows them.
    const recorded = readStateFile(stateFile);
    if (recorded?.token === token) await Promise.all(liveServices(recorded).map((service) => stopPid(service.pid, STOP_GRACE_MS)));
  };

  try {
    // The console comes first when asked for: every other process sends it spans. It finds the router
    // and DynamoDB in the state file, written once they are up.
    const startConsole = () => start('console', { PORT: String(ports.console ?? 0), STACK_STATE_FILE: stateFile, DYNAMODB_TABLE_NAME: tableName });
    if (options.console && !ports.console) processes.console = await startConsole();
    const consolePort = ports.console ?? processes.console?.port;
    const tracingEnv: Record<string, string> = options.console ? { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${consolePort}`, OTEL_BSP_SCHEDULE_DELAY: String(SPAN_BATCH_DELAY_MS) } : {};

    // With fixed ports (make up) every address is known up front, so DynamoDB and both handlers start
    // together (the handlers reach DynamoDB only per request); with free ports, DynamoDB's comes first.
    const dynamodbEnv = { PORT: String(ports.dynamodb ?? 0), DYNAMODB_TABLE_NAME: tableName, ...(options.dataDir ? { DATA_DIR: resolve(options.dataDir) } : {}) };
    const startHandlers = (dynamodbPort: number) => {
      const handlerEnv = { DYNAMODB_ENDPOINT: `http://127.0.0.1:${dynamodbPort}`, DYNAMODB_TABLE_NAME: tableName, ...tracingEnv, ...options.handlerEnv };
      return Promise.all([
        start('api', { ...handlerEnv, PORT: String(ports.api ?? 0) }),
        start('delete-fn', { ...handlerEnv, PORT: String(ports.deleteFn ?? 0), SERVICE_NAME: 'delete-fn', HANDLER_MODULE: join(REPO_ROOT, 'delete-fn/dist/lambda.js') }),
      ]);
    };
    let api: StartedProcess;
    let deleteFn: StartedProcess;
    if (ports.dynamodb) {
      const withConsole = options.console && ports.console ? startConsole().then((started) => (processes.console = started)) : undefined;
      [processes.dynamodb, [api, deleteFn]] = await Promise.all([start('dynamodb', dynamodbEnv), startHandlers(ports.dynamodb), withConsole]);
    } else {
      processes.dynamodb = await start('dynamodb', dynamodbEnv);
      [api, deleteFn] = await startHandlers(processes.dynamodb.port);
    }
    processes.api = api;
    processes['delete-fn'] = deleteFn;
    const { PORT: _apiPort, ...handlerEnv } = envs.api;
    processes.router = await start('router', {
      PORT: String(ports.router ?? 0),
      API_TARGETS: `127.0.0.1:${api.port}`,
      DELETE_FN_TARGETS: `127.0.0.1:${deleteFn.port}`,
      HEALTH_CHECK_INTERVAL_MS: String(options.healthCheckIntervalMs ?? 250),
      ...(options.deregistrationDelayMs === undefined ? {} : { DEREGISTRATION_DELAY_MS: String(options.deregistrationDelayMs) }),
      ...tracingEnv,
      // Under AUTH=jwt, the local issuer's key: beside the data (`.data/auth`) so tokens outlive `make down`.
      ADMIN_TOKEN: token,
      AUTH_KEY_FILE: issuerKeyFile(options.dataDir ? resolve(options.dataDir, '..') : logDir),
      ...options.routerEnv,
    });
    const routerUrl = `http://127.0.0.1:${processes.router.port}`;
    const adminUrl = `http://127.0.0.1:${processes.router.ports.admin}`;

    const apiHealthyInRouter = async (port: number) => {
      const targets = (await (await fetch(`${adminUrl}/targets`, { headers: adminHeaders(token) })).json()) as { api: Array<{ port: number; state: string }> };
      return targets.api.some((target) => target.port === port && target.state === 'healthy');
    };
    await waitFor(async () => (await fetch(`${routerUrl}/picus/health`, { headers: untracedHeaders() })).status === 200, 15_000, 'the router to find a healthy api target');

    const registerApi = async (port: number) => {
      await fetch(`${adminUrl}/targets/api?host=127.0.0.1&port=${port}`, { method: 'POST', headers: adminHeaders(token) });
      await waitFor(() => apiHealthyInRouter(port), 15_000, `api target ${port} to become healthy`);
    };
    const startApiReplica = async (name = `api-${replicas.length + 2}`) => {
      const replica = await start('api', { ...handlerEnv, PORT: '0' }, name);
      replicas.push(replica);
      return replica;
    };
    // The further tasks of the service, each healthy in the router before the stack counts as up.
    await Promise.all(
      Array.from({ length: Math.max(0, (options.apiReplicas ?? 1) - 1) }, async (_, index) => {
        const replica = await startApiReplica(`api-${index + 2}`);
        await registerApi(replica.port);
      }),
    );

    return {
      routerUrl,
      ...(processes.console ? { consoleUrl: `http://127.0.0.1:${processes.console.port}` } : {}),
      apiUrl: `http://127.0.0.1:${api.port}`,
      deleteFnUrl: `http://127.0.0.1:${deleteFn.port}`,
      dynamodbEndpoint: `http://127.0.0.1:${processes.dynamodb.port}`,
      adminUrl,
      tableName,
      logDir,
      stateFile,
      token,
      processes,
      // As the state file records them: the console's restarts included.
      services: () => [...(readStateFile(stateFile)?.services ?? records.values())],
      handlerEnv,
      apiReplicas: replicas,
      get inspectorPorts() {
        if (!options.inspect) return [];
        const count = options.inspect.service === 'api' ? 1 + replicas.length : 1;
        return Array.from({ length: count }, (_, index) => (options.inspect?.port ?? 0) + index);
      },
      startApiReplica,
      registerApi,
      async deregisterApi(port) {
        await fetch(`${adminUrl}/targets/api?host=127.0.0.1&port=${port}`, { method: 'DELETE', headers: adminHeaders(token) });
      },
      stopService,
      startService,
      async restart(service) {
        await stopService(service);
        await startService(service);
        if (service !== 'api') return;
        for (const [index, replica] of replicas.entries()) {
          await stopWithRestarts(`api-${index + 2}`, replica);
          replicas[index] = await start('api', { ...handlerEnv, PORT: String(replica.port) }, `api-${index + 2}`);
        }
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Polls `check` until it holds, or fails naming `what` after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
