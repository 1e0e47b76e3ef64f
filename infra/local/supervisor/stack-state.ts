import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ServiceName } from './services.js';
import { runningWithToken } from '../process/ps-inspector.js';
import type { Readiness } from '../process/ipc-messages.js';

/** Where `make up` keeps its pids and logs (.stack, git-ignored) and the data (.data, survives `make down`). */
export interface StackPaths {
  readonly stackDir: string;
  readonly logDir: string;
  readonly dataDir: string;
  readonly stateFile: string;
  /** The cursor key `NODE_ENV=production make up` generates once and keeps with the data. */
  readonly cursorKeyFile: string;
}

export function stackPaths(home: string): StackPaths {
  const stackDir = join(home, '.stack');
  const data = join(home, '.data');
  return {
    stackDir,
    logDir: join(stackDir, 'logs'),
    dataDir: join(data, 'dynamodb'),
    stateFile: join(stackDir, 'state.json'),
    cursorKeyFile: join(data, 'cursor-key'),
  };
}

/** How a service was started, so that it can be started again the same way (the console's restart). */
export interface ServiceSpec {
  readonly script: string;
  /** The environment the stack gave it (not the whole inherited environment, which may hold secrets). */
  readonly env: Readonly<Record<string, string>>;
  readonly readiness: Readiness;
  readonly logFile: string;
  /** Node flags it ran with (`--inspect=…` under `make dev INSPECT=`). */
  readonly nodeFlags?: readonly string[];
  /** Its working directory (the repository), against which relative paths in its environment resolve. */
  readonly cwd?: string;
}

/** Why a process last ended without being asked to, and when. */
export interface ExitRecord {
  /** `exited with code 1`, `killed by SIGKILL`. */
  readonly reason: string;
  readonly at: string;
}

export interface ServiceRecord {
  readonly name: ServiceName;
  readonly pid: number;
  readonly port: number;
  readonly logName: string;
  readonly spec?: ServiceSpec;
  /** How many times the supervisor has started it again after it died. */
  readonly restarts?: number;
  readonly lastExit?: ExitRecord;
}

export interface StackState {
  readonly startedAt: string;
  /** On every service's command line: tells our processes from others that reuse their pids. */
  readonly token: string;
  readonly urls: Readonly<Record<string, string>>;
  readonly services: readonly ServiceRecord[];
  /** The process that started the services, restarts the handlers and alone writes this file; `make down` stops it. */
  readonly supervisorPid?: number;
}

export function readState(paths: StackPaths): StackState | undefined {
  return readStateFile(paths.stateFile);
}

export function readStateFile(stateFile: string): StackState | undefined {
  if (!existsSync(stateFile)) return undefined;
  try {
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as Partial<StackState>;
    // A state file from before tokens cannot tell our processes from others: treat it as none.
    return typeof state.token === 'string' && Array.isArray(state.services) ? (state as StackState) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the state whole (a temporary file renamed over it), so a reader never sees half of it.
 * Only the supervisor writes it (`service-slots.ts`); the CLI and the console read it, and the CLI
 * removes it when the supervisor that wrote it is gone.
 */
export function writeStateFile(stateFile: string, state: StackState): void {
  mkdirSync(dirname(stateFile), { recursive: true });
  const partial = `${stateFile}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(partial, stateFile);
}

export function clearState(paths: StackPaths): void {
  rmSync(paths.stateFile, { force: true });
}

/** The recorded services that still run with this stack's token (a recycled pid is not ours). */
export function liveServices(state: StackState): StackState['services'] {
  const live = runningWithToken(
    state.services.map((service) => service.pid),
    state.token,
  );
  return state.services.filter((service) => live.has(service.pid));
}
