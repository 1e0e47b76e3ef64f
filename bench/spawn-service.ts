import { basename } from 'node:path';
import { startProcess, stopPid } from '@picus/infra/local';

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
}

/**
 * Starts `node <script>` the way the local stack starts its services (it resolves once the script
 * logs `{"msg":"listening","port":N}`), dying with the bench; `stop` sends SIGTERM, then SIGKILL.
 */
export async function spawnService(script: string, options: SpawnOptions): Promise<ChildService> {
  const started = await startProcess({ name: basename(script, '.js'), script, env: { EXIT_WITH_PARENT: 'true', ...options.env }, logFile: options.logFile, detached: false });
  return { pid: started.pid, port: started.port, stop: () => stopPid(started.pid, 10_000) };
}
