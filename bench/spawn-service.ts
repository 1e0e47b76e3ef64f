import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { startProcess, stopStarted } from '@picus/local';

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
 * listens, which it reports over the supervisor's channel), stopping with the bench; `stop` sends
 * SIGTERM, then SIGKILL.
 */
export async function spawnService(script: string, options: SpawnOptions): Promise<ChildService> {
  const started = await startProcess({
    name: basename(script, '.js'),
    script,
    env: { ...options.env },
    logFile: options.logFile,
    detached: false,
    readiness: 'first-listen',
    token: randomUUID(),
  });
  return { pid: started.pid, port: started.port, stop: () => stopStarted(started, 10_000) };
}
