import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '@picus/infra';
import { isRunning } from './ps-inspector.js';
import { isSupervisionMessage, type Readiness } from './ipc-messages.js';

/** Preloaded into every supervised process (see `child-preload.ts`); `make build` writes it. */
export const SUPERVISED_CHILD_SCRIPT = join(REPO_ROOT, 'infra/local/dist/child-preload.js');

export interface ProcessSpec {
  /** Service name: log prefix and state key. */
  readonly name: string;
  /** The Node script (a bundle) to run. */
  readonly script: string;
  readonly env: Readonly<Record<string, string>>;
  /** stdout and stderr go here, so a detached process keeps logging after its parent exits. */
  readonly logFile: string;
  /** Outlive the parent (`make up`), or stop with it (tests, `make dev`). */
  readonly detached: boolean;
  /** When the process counts as started (see {@link Readiness}). */
  readonly readiness: Readiness;
  /** Put on the command line, so the process can later be told from another that got its pid. */
  readonly token: string;
  /** Working directory; relative paths in the environment resolve against it. */
  readonly cwd?: string;
  /** Extra Node flags, e.g. `--max-old-space-size=96`. */
  readonly nodeFlags?: readonly string[];
}

/** How a process ended: its exit code, or the signal that killed it. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface StartedProcess {
  readonly name: string;
  readonly pid: number;
  /** The port it serves on (its `listener`). */
  readonly port: number;
  /** Every port it reported, by role (the router's `listener` and `admin`). */
  readonly ports: Readonly<Record<string, number>>;
  /** Resolves with the exit code once the process has exited (while this process lives to see it). */
  readonly exited: Promise<number | null>;
  /** Resolves once the process has exited, with its code or the signal that ended it. */
  readonly ended: Promise<ProcessExit>;
  /** Listens to what the process sends over the IPC channel (an attached process only). */
  onMessage(listener: (message: unknown) => void): void;
  /** Sends over the IPC channel; false when the process is detached or gone. */
  send(message: unknown): boolean;
  /** False once it has exited, so its pid, which the system may give to another, is never signalled again. */
  isAlive(): boolean;
}

/** Raised when a service does not come up; carries its last log lines for the user. */
export class ServiceStartError extends Error {
  override readonly name = 'ServiceStartError';
}

/** Node 22.7 to 23 have AsyncContextFrame behind a flag; from 24 it is the default (and the flag gone). */
const ASYNC_CONTEXT_FRAME_IS_OPT_IN = (() => {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return (major === 22 && minor >= 7) || major === 23;
})();

/**
 * Source-mapped stack traces, except in a process whose heap is capped (the api's 64 MB, as in its
 * ECS task): `--enable-source-maps` parses the bundle's whole map at start-up, about 300,000 small
 * arrays and 35 MB of heap for the api's. That left the api 10 MB under its cap, and every major GC
 * marked the map again (docs/tracing.md).
 *
 * A traced process on Node 22 gets AsyncLocalStorage on V8's continuation data, as Node 24 does by
 * default, rather than on async hooks (a hook on every promise): with tracing on, 10–20 % of the
 * api's CPU per put and 5–10 % per get.
 */
function nodeFlagsOf(spec: Pick<ProcessSpec, 'nodeFlags' | 'env'>): string[] {
  const flags = [...(spec.nodeFlags ?? [])];
  if (!flags.some((flag) => flag.startsWith('--max-old-space-size'))) flags.unshift('--enable-source-maps');
  if (spec.env.OTEL_EXPORTER_OTLP_ENDPOINT && ASYNC_CONTEXT_FRAME_IS_OPT_IN) flags.push('--experimental-async-context-frame');
  return flags;
}

/**
 * Starts a Node process and resolves once it is ready, as it tells over the IPC channel: its first
 * listening server, or its own ready message with its ports. Services may take port 0 (a free
 * port) without a race between choosing a port and binding it, since they report what they bound.
 */
export async function startProcess(spec: ProcessSpec, options: { timeoutMs?: number } = {}): Promise<StartedProcess> {
  const logStart = existsSync(spec.logFile) ? statSync(spec.logFile).size : 0;
  const fd = openSync(spec.logFile, 'a');
  const child = spawn(
    process.execPath,
    [...nodeFlagsOf(spec), '--import', pathToFileURL(SUPERVISED_CHILD_SCRIPT).href, spec.script, `--stack-token=${spec.token}`],
    {
      env: {
        ...process.env,
        ...spec.env,
        PICUS_SUPERVISION: spec.detached ? 'detached' : 'attached',
        PICUS_SERVICE: spec.name,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', fd, fd, 'ipc'],
      detached: spec.detached,
      ...(spec.cwd ? { cwd: spec.cwd } : {}),
    },
  );
  closeSync(fd);
  const ended = new Promise<ProcessExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const exited = ended.then(({ code }) => code);

  const outcome = await new Promise<Readonly<Record<string, number>> | string>((resolve) => {
    const timer = setTimeout(() => resolve(`did not report ready within ${options.timeoutMs ?? 15_000} ms`), options.timeoutMs ?? 15_000);
    const settle = (value: Readonly<Record<string, number>> | string) => {
      clearTimeout(timer);
      resolve(value);
    };
    child.on('message', (message) => {
      if (!isSupervisionMessage(message)) return;
      if (spec.readiness === 'reported' && message.type === 'ready') settle(message.ports);
      if (spec.readiness === 'first-listen' && message.type === 'listening') settle({ listener: message.port });
    });
    child.once('error', (error) => settle(`could not be started: ${error.message}`));
    void ended.then((exit) => settle(describeExit(exit)));
  });

  if (typeof outcome === 'string' || child.pid === undefined || outcome.listener === undefined) {
    if (child.exitCode === null) child.kill('SIGKILL');
    const why = typeof outcome === 'string' ? outcome : 'reported no listener port';
    throw new ServiceStartError(`${spec.name} did not start (${why})${problemLines(spec.logFile, logStart)}`);
  }
  if (spec.detached) {
    // Let the CLI exit while the service runs on.
    child.disconnect();
    child.unref();
  }
  return {
    name: spec.name,
    pid: child.pid,
    port: outcome.listener,
    ports: outcome,
    exited,
    ended,
    isAlive: () => child.exitCode === null && child.signalCode === null,
    onMessage: (listener) => void child.on('message', listener),
    send: (message) => child.connected && child.send(message as never),
  };
}

/** `exited with code 1`, `killed by SIGKILL`: how `make ps`, the console and the logs say why a process ended. */
export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/** Longer log lines are cut here: a bundled source line printed by V8 can run to thousands of characters. */
const MAX_PROBLEM_LINE = 240;

/**
 * What a service that failed to start said, one line per problem, for the user: the log lines it
 * wrote since it started (the last 10), JSON log lines reduced to their message and error.
 */
export function problemLines(file: string, from = 0): string {
  if (!existsSync(file)) return '';
  const lines = readFileSync(file)
    .subarray(from)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const shown = lines.slice(-10).map((line) => {
    let text = line;
    try {
      const entry = JSON.parse(line) as { msg?: unknown; err?: { message?: unknown } };
      if (typeof entry.msg === 'string') text = typeof entry.err?.message === 'string' ? `${entry.msg}: ${entry.err.message}` : entry.msg;
    } catch {
      // Not a JSON log line: shown as written.
    }
    return `  ${text.length > MAX_PROBLEM_LINE ? `${text.slice(0, MAX_PROBLEM_LINE)}…` : text}`;
  });
  return shown.length ? `:\n${shown.join('\n')}` : '.';
}

/** The last `count` lines of a log file (from byte `from`), indented for an error message. */
export function lastLines(file: string, count: number, from = 0): string {
  if (!existsSync(file)) return '  (no log)';
  const lines = readFileSync(file).subarray(from).toString('utf8').trimEnd().split('\n');
  return lines
    .slice(-count)
    .map((line) => `  ${line}`)
    .join('\n');
}

/** Sends SIGTERM, waits until the process is gone (see {@link isRunning}) up to `graceMs`, then SIGKILL. */
export async function stopPid(pid: number, graceMs: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Stops a process this one started and resolves once it has exited: SIGTERM, SIGKILL after `graceMs`. */
export async function stopStarted(started: StartedProcess, graceMs: number): Promise<void> {
  if (!started.isAlive()) return;
  try {
    process.kill(started.pid, 'SIGTERM');
  } catch {
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<'grace over'>((resolve) => (timer = setTimeout(() => resolve('grace over'), graceMs)));
  if ((await Promise.race([started.exited, graceOver])) === 'grace over') {
    try {
      process.kill(started.pid, 'SIGKILL');
    } catch {
      // Exited meanwhile.
    }
    await started.exited;
  }
  clearTimeout(timer);
}
