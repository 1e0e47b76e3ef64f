import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '@picus/infra';
import type { SupervisorAnswer, SupervisorStart } from '../supervisor/supervisor-main.js';

/** The supervisor's bundle (`make build` writes it). */
export const SUPERVISOR_SCRIPT = join(REPO_ROOT, 'infra/local/dist/supervisor.js');

/**
 * Starts the stack's supervisor (see `supervisor/supervisor-main.ts`) in a session of its own, so it outlives
 * the CLI and the terminal, and resolves with its one answer. Its own output (not the services')
 * goes to `logFile`.
 */
export function launchSupervisor(start: SupervisorStart, logFile: string): Promise<SupervisorAnswer> {
  mkdirSync(dirname(logFile), { recursive: true });
  const fd = openSync(logFile, 'a');
  const token = start.options.token ?? '';
  const child = spawn(process.execPath, ['--enable-source-maps', SUPERVISOR_SCRIPT, `--stack-token=${token}`], {
    stdio: ['ignore', fd, fd, 'ipc'],
    detached: true,
    cwd: REPO_ROOT,
    env: process.env,
  });
  closeSync(fd);
  return new Promise((resolve) => {
    child.once('message', (answer: SupervisorAnswer) => {
      resolve(answer);
      if (child.connected) child.disconnect();
      child.unref();
    });
    child.once('exit', (code, signal) =>
      resolve({
        type: 'failed',
        message: `The stack's supervisor ${signal ? `was killed by ${signal}` : `exited with code ${code}`} before the stack was up (see ${logFile}).`,
      }),
    );
    child.send(start);
  });
}
