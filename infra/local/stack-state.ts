import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isOurProcess } from './managed-process.js';
import { REPO_ROOT, SERVICE_SCRIPTS, type ServiceName } from './stack.js';

/** Where `make up` keeps pids and logs (git-ignored), and the embedded data (survives `make down`). */
export const STACK_DIR = join(REPO_ROOT, '.stack');
export const LOG_DIR = join(STACK_DIR, 'logs');
export const DATA_DIR = join(REPO_ROOT, '.data', 'dynamodb');
const STATE_FILE = join(STACK_DIR, 'state.json');

export interface StackState {
  readonly startedAt: string;
  readonly urls: Readonly<Record<string, string>>;
  readonly services: ReadonlyArray<{ name: ServiceName; pid: number; port: number }>;
}

export function readState(): StackState | undefined {
  if (!existsSync(STATE_FILE)) return undefined;
  try {
    return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as StackState;
  } catch {
    return undefined;
  }
}

export function writeState(state: StackState): void {
  mkdirSync(STACK_DIR, { recursive: true });
  writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
}

export function clearState(): void {
  rmSync(STATE_FILE, { force: true });
}

/** The recorded services whose pid still runs our script (a recycled pid is not ours). */
export function liveServices(state: StackState): StackState['services'] {
  return state.services.filter((service) => isOurProcess(service.pid, SERVICE_SCRIPTS[service.name]));
}
