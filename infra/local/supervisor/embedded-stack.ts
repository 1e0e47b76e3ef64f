import { untracedHeaders } from '@picus/core';
import { REPO_ROOT, topology } from '@picus/infra';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { adminHeaders } from '../alb/admin-api.js';
import { issuerKeyFile } from '../auth/local-issuer.js';
import { localCursorKey } from './local-cursor-key.js';
import { isRestartRequest, type RestartAnswer } from './restart-request.js';
import { ServiceSlots } from './service-slots.js';
import { ServiceStartError, type StartedProcess } from '../process/child-process.js';
import { SERVICES, type ServiceName } from './services.js';
import type { StackOptions } from './stack-options.js';
import type { EmbeddedStack } from './running-stack.js';

export { SERVICES, type CoreServiceName, type ServiceName } from './services.js';
export type { StackOptions } from './stack-options.js';
export type { EmbeddedStack } from './running-stack.js';

/** With the console on, spans leave each process this often, so a request shows in well under a second. */
const SPAN_BATCH_DELAY_MS = 200;

/**
 * Starts the embedded stack: the embedded DynamoDB (table bootstrapped from the topology), the api,
 * the Lambda host running the delete-fn bundle, and the ALB emulator, each as its own Node process,
 * and, when asked, the local console, with tracing on in the others. Resolves once the router
 * answers health through a healthy api target. When any service fails to start, every process
 * started so far is stopped before the error is thrown: all or nothing.
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
  const token = options.token ?? randomUUID();
  const tableName = topology.table.name;
  const replicaNames: string[] = [];
  // The inspected service's n-th process (its replicas counted from the log name api-2, api-3…) takes port + n - 1.
  const inspectorPort = (name: ServiceName, logName: string) => {
    if (options.inspect?.service !== name) return undefined;
    const replica = /-(\d+)$/.exec(logName);
    return options.inspect.port + (replica ? Number(replica[1]) - 1 : 0);
  };
  const slots: ServiceSlots = new ServiceSlots({
    stateFile,
    token,
    logDir,
    cwd: REPO_ROOT,
    detached: options.detached ?? false,
    restartOnExit: options.restartOnExit ?? false,
    nodeFlags: (name, logName) => {
      const inspector = inspectorPort(name, logName);
      // The api runs with the heap bound its ECS task has, so local RSS and CPU match the cloud's.
      return [
        ...(name === 'api' ? topology.targetGroups.api.nodeFlags : []),
        ...(inspector === undefined ? [] : [`--inspect=127.0.0.1:${inspector}`]),
      ];
    },
    // The console asks for restarts over its IPC channel; the stack does them (and alone records them).
    onStarted: (started) => {
      if (started.name === 'console')
        started.onMessage((message) => void (isRestartRequest(message) && answerRestart(message.id, message.logName, started)));
    },
  });
  // As on ECS: tracing only where an OTLP endpoint is configured (inherited from the environment).
  const asDeployed = (): Record<string, string> => ({
    NODE_ENV: 'production',
    ...(process.env.CURSOR_SECRET || options.handlerEnv?.CURSOR_SECRET
      ? {}
      : { CURSOR_SECRET: localCursorKey(options.cursorKeyFile ?? join(logDir, 'cursor-key')) }),
  });
  const bindAddress = options.bindAddress ?? '127.0.0.1';
  const hostOf = (name: ServiceName) => (name === 'console' && !process.env.CONSOLE_TOKEN ? '127.0.0.1' : bindAddress);
  const start = (name: ServiceName, env: Record<string, string>, logName: string = name) =>
    slots.start(name, { ...env, HOST: hostOf(name) }, logName);
  const current = (logName: string) => slots.current(logName) as StartedProcess;
  const adminUrl = () => `http://127.0.0.1:${current('router').ports.admin}`;

  const restartLogName = async (logName: string) => {
    const record = await slots.restart(logName);
    // A new router knows only the targets its environment names: register the api replicas again.
    if (record.name === 'router')
      for (const name of replicaNames)
        await fetch(`${adminUrl()}/targets/api?host=127.0.0.1&port=${current(name).port}`, {
          method: 'POST',
          headers: adminHeaders(token),
        });
    return record;
  };
  const answerRestart = async (id: string, logName: string, console: StartedProcess) => {
    const answer: RestartAnswer = await restartLogName(logName).then(
      (record) => ({ type: 'restart-answer', id, record }),
      (error: unknown) => ({ type: 'restart-answer', id, refused: (error as Error).message }),
    );
    console.send(answer);
  };
  const stopService = (service: ServiceName, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => slots.stop(service, signal);
  const startService = async (service: ServiceName) => {
    const previous = slots.current(service);
    if (!previous) throw new Error(`${service} is not part of this stack`);
    return start(service, { ...slots.env(service), PORT: String(previous.port) });
  };

  try {
    // The console comes first when asked for: every other process sends it spans. It finds the router
    // and DynamoDB in the state file, written once they are up.
    const startConsole = () =>
      start('console', { PORT: String(ports.console ?? 0), STACK_STATE_FILE: stateFile, DYNAMODB_TABLE_NAME: tableName });
    if (options.console && !ports.console) await startConsole();
    const consolePort = ports.console ?? slots.current('console')?.port;
    const tracingEnv: Record<string, string> = options.console
      ? { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${consolePort}`, OTEL_BSP_SCHEDULE_DELAY: String(SPAN_BATCH_DELAY_MS) }
      : {};

    // With fixed ports (make up) every address is known up front, so DynamoDB and both handlers start
    // together (the handlers reach DynamoDB only per request); with free ports, DynamoDB's comes first.
    const dynamodbEnv = {
      PORT: String(ports.dynamodb ?? 0),
      DYNAMODB_TABLE_NAME: tableName,
      ...(options.dataDir ? { DATA_DIR: resolve(options.dataDir) } : {}),
    };
    const startHandlers = (dynamodbPort: number) => {
      const handlerEnv = {
        DYNAMODB_ENDPOINT: `http://127.0.0.1:${dynamodbPort}`,
        DYNAMODB_TABLE_NAME: tableName,
        ...(options.production ? asDeployed() : tracingEnv),
        ...options.handlerEnv,
      };
      return allStarted([
        start('api', { ...handlerEnv, PORT: String(ports.api ?? 0) }),
        start('delete-fn', {
          ...handlerEnv,
          PORT: String(ports.deleteFn ?? 0),
          SERVICE_NAME: 'delete-fn',
          HANDLER_MODULE: join(REPO_ROOT, 'delete-fn/dist/lambda.js'),
        }),
      ]);
    };
    if (ports.dynamodb) {
      const withConsole = options.console && ports.console ? startConsole() : undefined;
      await allStarted([start('dynamodb', dynamodbEnv), startHandlers(ports.dynamodb), withConsole]);
    } else {
      await startHandlers((await start('dynamodb', dynamodbEnv)).port);
    }
    const { PORT: _apiPort, ...handlerEnv } = slots.env('api');
    await start('router', {
      PORT: String(ports.router ?? 0),
      API_TARGETS: `127.0.0.1:${current('api').port}`,
      DELETE_FN_TARGETS: `127.0.0.1:${current('delete-fn').port}`,
      HEALTH_CHECK_INTERVAL_MS: String(options.healthCheckIntervalMs ?? 250),
      ...(options.deregistrationDelayMs === undefined ? {} : { DEREGISTRATION_DELAY_MS: String(options.deregistrationDelayMs) }),
      ...tracingEnv,
      // Under AUTH=jwt, the local issuer's key: beside the data (`.data/auth`) so tokens outlive `make down`.
      ADMIN_TOKEN: token,
      AUTH_KEY_FILE: issuerKeyFile(options.dataDir ? resolve(options.dataDir, '..') : logDir),
      ...options.routerEnv,
    });
    const routerUrl = `http://127.0.0.1:${current('router').port}`;

    const apiHealthyInRouter = async (port: number) => {
      const targets = (await (await fetch(`${adminUrl()}/targets`, { headers: adminHeaders(token) })).json()) as {
        api: Array<{ port: number; state: string }>;
      };
      return targets.api.some((target) => target.port === port && target.state === 'healthy');
    };
    await waitFor(
      async () => (await fetch(`${routerUrl}/picus/health`, { headers: untracedHeaders() })).status === 200,
      15_000,
      'the router to find a healthy api target',
    );

    const registerApi = async (port: number) => {
      await fetch(`${adminUrl()}/targets/api?host=127.0.0.1&port=${port}`, { method: 'POST', headers: adminHeaders(token) });
      await waitFor(() => apiHealthyInRouter(port), 15_000, `api target ${port} to become healthy`);
    };
    const startApiReplica = async (name = `api-${replicaNames.length + 2}`) => {
      replicaNames.push(name);
      return start('api', { ...handlerEnv, PORT: '0' }, name);
    };
    // The further tasks of the service, each healthy in the router before the stack counts as up.
    await Promise.all(
      Array.from({ length: Math.max(0, (options.apiReplicas ?? 1) - 1) }, async (_, index) => {
        const replica = await startApiReplica(`api-${index + 2}`);
        await registerApi(replica.port);
      }),
    );

    const processes = Object.defineProperties({} as EmbeddedStack['processes'], {
      ...Object.fromEntries(
        ['dynamodb', 'api', 'delete-fn', 'router'].map((name) => [name, { get: () => current(name), enumerable: true }]),
      ),
      ...(options.console ? { console: { get: () => current('console'), enumerable: true } } : {}),
    });
    return {
      routerUrl,
      ...(options.console ? { consoleUrl: `http://127.0.0.1:${current('console').port}` } : {}),
      apiUrl: `http://127.0.0.1:${current('api').port}`,
      deleteFnUrl: `http://127.0.0.1:${current('delete-fn').port}`,
      dynamodbEndpoint: `http://127.0.0.1:${current('dynamodb').port}`,
      get adminUrl() {
        return adminUrl();
      },
      tableName,
      logDir,
      stateFile,
      token,
      processes,
      services: () => slots.records(),
      handlerEnv,
      get apiReplicas() {
        return replicaNames.map(current);
      },
      get inspectorPorts() {
        if (!options.inspect) return [];
        const count = options.inspect.service === 'api' ? 1 + replicaNames.length : 1;
        return Array.from({ length: count }, (_, index) => (options.inspect?.port ?? 0) + index);
      },
      startApiReplica,
      registerApi,
      async deregisterApi(port) {
        await fetch(`${adminUrl()}/targets/api?host=127.0.0.1&port=${port}`, { method: 'DELETE', headers: adminHeaders(token) });
      },
      stopService,
      startService,
      async restart(service) {
        for (const logName of [service, ...(service === 'api' ? replicaNames : [])]) await restartLogName(logName);
      },
      stop: () => slots.stopAll(),
      setUrls: (urls) => slots.setUrls(urls),
    };
  } catch (error) {
    await slots.stopAll();
    throw error;
  }
}

/**
 * Waits for every start, so that each service that failed is named (the api and the Lambda host may
 * both refuse the same variable), then fails with all their reasons, or resolves with every result.
 */
async function allStarted<T extends readonly unknown[]>(starts: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(starts);
  const failed = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as Error] : []));
  if (failed.length === 1) throw failed[0];
  if (failed.length > 1) throw new ServiceStartError(failed.map((error) => error.message).join('\n'));
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
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
