import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isOurProcess } from './managed-process.js';
import { SERVICE_SCRIPTS, type ServiceName } from './stack.js';

/** Where `make up` keeps its pids and logs (.stack, git-ignored) and the data (.data, survives `make down`). */
export interface StackPaths {
  readonly stackDir: string;
  readonly logDir: string;
  readonly dataDir: string;
  readonly stateFile: string;
}

export function stackPaths(home: string): StackPaths {
  const stackDir = join(home, '.stack');
  return { stackDir, logDir: join(stackDir, 'logs'), dataDir: join(home, '.data', 'dynamodb'), stateFile: join(stackDir, 'state.json') };
}

export interface StackState {
  readonly startedAt: string;
  readonly urls: Readonly<Record<string, string>>;
  readonly services: ReadonlyArray<{ name: ServiceName; pid: number; port: number }>;
}

export function readState(paths: StackPaths): StackState | undefined {
  if (!existsSync(paths.stateFile)) return undefined;
  try {
    return JSON.parse(readFileSync(paths.stateFile, 'utf8')) as StackState;
  } catch {
    return undefined;
  }
}

export function writeState(paths: StackPaths, state: StackState): void {
  mkdirSync(paths.stackDir, { recursive: true });
  writeFileSync(paths.stateFile, `${JSON.stringify(state, null, 2)}\n`);
}

export function clearState(paths: StackPaths): void {
  rmSync(paths.stateFile, { force: true });
}

/** The recorded services whose pid still runs our script (a recycled pid is not ours). */
export function liveServices(state: StackState): StackState['services'] {
  return state.services.filter((service) => isOurProcess(service.pid, SERVICE_SCRIPTS[service.name]));
}
