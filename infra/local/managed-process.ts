import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';

export interface ProcessSpec {
  /** Service name: log prefix and state key. */
  readonly name: string;
  /** The Node script (a bundle) to run. */
  readonly script: string;
  readonly env: Readonly<Record<string, string>>;
  /** stdout and stderr go here, so a detached process keeps logging after its parent exits. */
  readonly logFile: string;
  /** Outlive the parent (`make up`), or die with it (tests, `make dev`). */
  readonly detached: boolean;
  /** Working directory; relative paths in the environment resolve against it. */
  readonly cwd?: string;
}

export interface StartedProcess {
  readonly name: string;
  readonly pid: number;
  /** The port the process reported in its `listening` log line. */
  readonly port: number;
  readonly exited: Promise<number | null>;
}

/** Raised when a service does not come up; carries its last log lines for the user. */
export class ServiceStartError extends Error {
  override readonly name = 'ServiceStartError';
}

/**
 * Starts a Node process and waits for the JSON log line `{"msg":"listening","port":N}` that every
 * service writes once it accepts connections. Reading the port from the log lets services take
 * port 0 (a free port) without a race between choosing a port and binding it.
 */
export async function startProcess(spec: ProcessSpec, options: { timeoutMs?: number } = {}): Promise<StartedProcess> {
  const fd = openSync(spec.logFile, 'a');
  const logStart = readFileSync(spec.logFile).length;
  const child = spawn(process.execPath, ['--enable-source-maps', spec.script], {
    env: { ...process.env, ...spec.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', fd, fd],
    detached: spec.detached,
    ...(spec.cwd ? { cwd: spec.cwd } : {}),
  });
  closeSync(fd);
  if (spec.detached) child.unref();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  while (Date.now() < deadline) {
    const port = listeningPort(readFileSync(spec.logFile).subarray(logStart).toString('utf8'));
    if (port !== undefined && child.pid !== undefined) return { name: spec.name, pid: child.pid, port, exited };
    if (hasExited) break;
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  if (!hasExited) child.kill('SIGKILL');
  throw new ServiceStartError(`${spec.name} did not start. Its last log lines:\n${lastLines(spec.logFile, 15, logStart)}`);
}

function listeningPort(log: string): number | undefined {
  for (const line of log.split('\n')) {
    if (!line.includes('"listening"')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg === 'listening' && typeof entry.port === 'number') return entry.port;
    } catch {
      // Not JSON (e.g. a warning): keep looking.
    }
  }
  return undefined;
}

/** The last `count` lines of a log file (from byte `from`), indented for an error message. */
export function lastLines(file: string, count: number, from = 0): string {
  if (!existsSync(file)) return '  (no log)';
  const lines = readFileSync(file).subarray(from).toString('utf8').trimEnd().split('\n');
  return lines.slice(-count).map((line) => `  ${line}`).join('\n');
}

/** True when a process with this pid exists and runs `script` (so a recycled pid is never ours). */
export function isOurProcess(pid: number, script: string): boolean {
  if (!isRunning(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').some((arg) => arg.endsWith(script));
  } catch {
    return false;
  }
}

/**
 * True while the process runs. A process that has exited but not been reaped (a zombie) counts as
 * gone: `make up`'s services are re-parented to init when the CLI exits, and init may reap late.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; comm may hold spaces, so read past the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** Sends SIGTERM, waits for exit up to `graceMs`, then SIGKILL. */
export async function stopPid(pid: number, graceMs: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
