import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface ChildService {
  readonly pid: number;
  readonly port: number;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** stdout and stderr go here: a busy service's log must never fill a pipe nobody reads. */
  readonly logFile: string;
  readonly timeoutMs?: number;
}

/**
 * Starts `node <script>` and resolves once it logs `{"msg":"listening","port":N}`, the line every
 * service of the stack writes (core/src/announce.ts); the bench's own helper follows suit.
 */
export async function spawnService(script: string, options: SpawnOptions): Promise<ChildService> {
  const fd = openSync(options.logFile, 'a');
  const child = spawn(process.execPath, ['--enable-source-maps', script], { env: { ...process.env, ...options.env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  while (Date.now() < deadline && !exited) {
    const port = listeningPort(readFileSync(options.logFile, 'utf8'));
    if (port !== undefined && child.pid !== undefined) return { pid: child.pid, port, stop: () => stopChild(child) };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  throw new Error(`${script} did not start; its log:\n${readFileSync(options.logFile, 'utf8').slice(-2_000)}`);
}

function listeningPort(log: string): number | undefined {
  for (const line of log.split('\n')) {
    if (!line.includes('"listening"')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg === 'listening' && typeof entry.port === 'number') return entry.port;
    } catch {
      // Not a JSON line: keep looking.
    }
  }
  return undefined;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
