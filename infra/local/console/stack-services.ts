import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { requestRestart } from '../supervisor/restart-request.js';
import { probeHealth } from '../supervisor/service-health.js';
import { liveServices, readStateFile, type ServiceRecord } from '../supervisor/stack-state.js';

export interface ServiceView {
  readonly name: string;
  /** The process's own name (`api-2` for the second api replica); its log is `<logName>.log`. */
  readonly logName: string;
  readonly pid: number;
  readonly port: number;
  readonly state: 'running' | 'exited';
  readonly health: string;
  readonly restartable: boolean;
  /** How many times the stack started it again after it died, and why it last died. */
  readonly restarts: number;
  readonly lastExit?: { readonly reason: string; readonly at: string };
}

/** How much of a log's end is read for its last lines. */
const LOG_TAIL_BYTES = 256 * 1024;
export const MAX_LOG_LINES = 500;

/**
 * The embedded stack as the console sees it, through the stack's state file (`.stack/state.json`
 * for `make up`): each process's pid, port, health and log, and a restart that starts it again as
 * the stack did (the console asks the stack, see `supervisor/restart-request.ts`). Without a state file (a stack the console was not told
 * of) the view is empty.
 */
export class StackServices {
  constructor(private readonly options: { stateFile?: string }) {}

  private cached: { mtimeMs: number; state: ReturnType<typeof readStateFile> } | undefined;

  /** The state file's records, read again only when the file has changed (table pages and replays ask on every request). */
  private records(): { token: string; services: readonly ServiceRecord[] } | undefined {
    const file = this.options.stateFile;
    if (!file || !existsSync(file)) return undefined;
    const mtimeMs = statSync(file).mtimeMs;
    if (this.cached?.mtimeMs !== mtimeMs) this.cached = { mtimeMs, state: readStateFile(file) };
    return this.cached.state;
  }

  async list(): Promise<ServiceView[]> {
    const state = this.records();
    if (!state) return [];
    const live = new Set(liveServices({ startedAt: '', urls: {}, ...state }).map((service) => service.pid));
    return Promise.all(
      state.services.map(async (service) => {
        const running = live.has(service.pid);
        return {
          name: service.name,
          logName: service.logName,
          pid: service.pid,
          port: service.port,
          state: running ? ('running' as const) : ('exited' as const),
          health: running ? await probeHealth(service.name, service.port, 1_000) : '-',
          restartable: service.name !== 'console' && service.spec !== undefined,
          restarts: service.restarts ?? 0,
          ...(service.lastExit ? { lastExit: service.lastExit } : {}),
        };
      }),
    );
  }

  /** The last `count` lines of a service's log; undefined for a service the stack does not list. */
  logLines(logName: string, count: number): string[] | undefined {
    const record = this.records()?.services.find((service) => service.logName === logName);
    if (!record) return undefined;
    const file = record.spec?.logFile ?? join(dirname(this.options.stateFile ?? '.'), 'logs', `${logName}.log`);
    if (!existsSync(file)) return [];
    const size = statSync(file).size;
    const length = Math.min(size, LOG_TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buffer, 0, length, size - length);
    } finally {
      closeSync(fd);
    }
    const lines = buffer.toString('utf8').split('\n');
    if (size > length) lines.shift();
    if (lines.at(-1) === '') lines.pop();
    return lines.slice(-Math.min(count, MAX_LOG_LINES));
  }

  async restart(logName: string): Promise<ServiceRecord> {
    if (!this.options.stateFile) throw new Error('This console was not told of a stack to control.');
    return requestRestart(logName);
  }

  /** A service's local URL (`router`, `dynamodb`) from the state file. */
  urlOf(name: 'router' | 'dynamodb'): string | undefined {
    const port = this.records()?.services.find((service) => service.name === name)?.port;
    return port ? `http://127.0.0.1:${port}` : undefined;
  }
}
