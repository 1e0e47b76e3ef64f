import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceName } from './embedded-stack.js';
import { runningWithToken } from './ps-inspector.js';

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
  /** On every service's command line: tells our processes from others that reuse their pids. */
  readonly token: string;
  readonly urls: Readonly<Record<string, string>>;
  readonly services: ReadonlyArray<{ name: ServiceName; pid: number; port: number; logName: string }>;
}

export function readState(paths: StackPaths): StackState | undefined {
  if (!existsSync(paths.stateFile)) return undefined;
  try {
    const state = JSON.parse(readFileSync(paths.stateFile, 'utf8')) as Partial<StackState>;
    // A state file from before tokens cannot tell our processes from others: treat it as none.
    return typeof state.token === 'string' && Array.isArray(state.services) ? (state as StackState) : undefined;
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

/** The recorded services that still run with this stack's token (a recycled pid is not ours). */
export function liveServices(state: StackState): StackState['services'] {
  const live = runningWithToken(state.services.map((service) => service.pid), state.token);
  return state.services.filter((service) => live.has(service.pid));
}
