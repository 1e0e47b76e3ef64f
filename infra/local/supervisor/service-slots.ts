import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { restartDelayMs, STABLE_AFTER_MS } from './restart-backoff.js';
import { RestartRefusedError } from './restart-request.js';
import { SERVICES, type ServiceName } from './services.js';
import { writeStateFile, type ExitRecord, type ServiceRecord } from './stack-state.js';
import { describeExit, startProcess, stopStarted, type StartedProcess } from '../process/child-process.js';

const STOP_GRACE_MS = 10_000;
/** The services restarted when they die, as ECS starts a new task and Lambda a new environment. */
const RESTARTED: ReadonlySet<ServiceName> = new Set(['api', 'delete-fn']);
/** The order `stopAll` stops them in: the router first, so no request reaches a handler that is going. */
const STOP_ORDER: readonly ServiceName[] = ['router', 'api', 'delete-fn', 'dynamodb', 'console'];

export interface ServiceSlotsOptions {
  readonly stateFile: string;
  readonly token: string;
  readonly logDir: string;
  readonly cwd: string;
  readonly detached: boolean;
  /** Start the handlers again, with backoff, when they exit without being asked to. */
  readonly restartOnExit: boolean;
  /** The Node flags of one process (`logName`: `api`, `api-2`…). */
  nodeFlags(name: ServiceName, logName: string): string[];
  /** Told of every process started, restarts included (the console's restart requests are wired here). */
  onStarted?(started: StartedProcess): void;
}

/** One process of the stack, by log name, across its restarts. */
interface Slot {
  readonly name: ServiceName;
  readonly logName: string;
  env: Record<string, string>;
  nodeFlags: string[];
  current?: StartedProcess;
  startedAtMs: number;
  restarts: number;
  /** Unexpected exits in a row, for the backoff; reset once a process has run a while. */
  attempts: number;
  lastExit?: ExitRecord;
  /** Stopped on purpose: not to be restarted until started again. */
  held: boolean;
  timer?: NodeJS.Timeout;
}

/**
 * The stack's processes as its supervisor keeps them: it starts each, restarts the handlers with
 * backoff when they die, stops them on purpose without restarting them, and is the only writer of
 * the stack's state file (each record with its restarts and why it last died).
 */
export class ServiceSlots {
  private readonly slots = new Map<string, Slot>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly startedAt = new Date().toISOString();
  private urls: Readonly<Record<string, string>> = {};
  private stopping = false;

  constructor(private readonly options: ServiceSlotsOptions) {}

  /** Starts a process (again, when the log name is known) and records it once it is ready. */
  start(name: ServiceName, env: Record<string, string>, logName: string = name): Promise<StartedProcess> {
    const slot = this.slots.get(logName) ?? { name, logName, env, nodeFlags: [], startedAtMs: 0, restarts: 0, attempts: 0, held: false };
    this.slots.set(logName, slot);
    Object.assign(slot, { env, held: false, nodeFlags: this.options.nodeFlags(name, logName) });
    clearTimeout(slot.timer);
    const { detached, token, cwd } = this.options;
    const logFile = this.logFile(logName);
    const starting = startProcess({ name, ...SERVICES[name], env, nodeFlags: slot.nodeFlags, logFile, detached, token, cwd }).then(
      (started) => {
        slot.current = started;
        slot.startedAtMs = Date.now();
        this.write();
        this.watch(slot, started);
        this.options.onStarted?.(started);
        return started;
      },
    );
    this.pending.add(starting);
    void starting.catch(() => undefined).finally(() => this.pending.delete(starting));
    return starting;
  }

  current(logName: string): StartedProcess | undefined {
    return this.slots.get(logName)?.current;
  }

  /** The environment a process was last started with. */
  env(logName: string): Record<string, string> {
    return this.slots.get(logName)?.env ?? {};
  }

  /** Stops a process on purpose (SIGTERM and SIGKILL after the grace, or SIGKILL at once); it stays stopped until started again. */
  async stop(logName: string, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const slot = this.slots.get(logName);
    if (!slot) return;
    slot.held = true;
    clearTimeout(slot.timer);
    const started = slot.current;
    if (!started?.isAlive()) return;
    if (signal === 'SIGTERM') return stopStarted(started, STOP_GRACE_MS);
    process.kill(started.pid, 'SIGKILL');
    await started.ended;
  }

  /** Stops a process on purpose and starts it again on its port, with its environment (the console's and `make dev`'s restart). */
  async restart(logName: string): Promise<ServiceRecord> {
    const slot = this.slots.get(logName);
    if (!slot?.current) throw new RestartRefusedError(`No service named ${logName} in this stack.`);
    if (slot.name === 'console') throw new RestartRefusedError('The console cannot restart itself: `make down && make up` does.');
    const { port } = slot.current;
    await this.stop(logName);
    await this.start(slot.name, { ...slot.env, PORT: String(port) }, logName);
    return this.records().find((record) => record.logName === logName) as ServiceRecord;
  }

  /** Every process stopped, those still starting included, and none restarted. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const slot of this.slots.values()) clearTimeout(slot.timer);
    await Promise.allSettled([...this.pending]);
    for (const name of STOP_ORDER) {
      const running = [...this.slots.values()].filter((slot) => slot.name === name && slot.current?.isAlive());
      await Promise.all(running.map((slot) => stopStarted(slot.current as StartedProcess, STOP_GRACE_MS)));
    }
  }

  records(): ServiceRecord[] {
    return [...this.slots.values()].flatMap((slot) => {
      const { current } = slot;
      if (!current) return [];
      const spec = {
        script: SERVICES[slot.name].script,
        env: slot.env,
        nodeFlags: slot.nodeFlags,
        readiness: SERVICES[slot.name].readiness,
        logFile: this.logFile(slot.logName),
        cwd: this.options.cwd,
      };
      return [
        {
          name: slot.name,
          logName: slot.logName,
          pid: current.pid,
          port: current.port,
          spec,
          restarts: slot.restarts,
          ...(slot.lastExit ? { lastExit: slot.lastExit } : {}),
        },
      ];
    });
  }

  /** The URLs `make up` prints, kept in the state file for `make up` run again and `make seed`. */
  setUrls(urls: Readonly<Record<string, string>>): void {
    this.urls = urls;
    this.write();
  }

  private logFile(logName: string): string {
    return join(this.options.logDir, `${logName}.log`);
  }

  private write(): void {
    if (this.stopping) return;
    writeStateFile(this.options.stateFile, {
      startedAt: this.startedAt,
      token: this.options.token,
      urls: this.urls,
      services: this.records(),
      supervisorPid: process.pid,
    });
  }

  /** A line in the process's own log, as its logger writes them, so `make logs` says why it went and came back. */
  private note(slot: Slot, level: 'warn' | 'error' | 'info', message: string, extra: Record<string, unknown> = {}): void {
    const line = { level, time: new Date().toISOString(), service: slot.name, component: 'supervisor', ...extra, msg: message };
    appendFileSync(this.logFile(slot.logName), `${JSON.stringify(line)}\n`);
  }

  private watch(slot: Slot, started: StartedProcess): void {
    void started.ended.then((exit) => {
      if (slot.current !== started || slot.held || this.stopping) return;
      const reason = describeExit(exit);
      slot.lastExit = { reason, at: new Date().toISOString() };
      const restarting = this.options.restartOnExit && RESTARTED.has(slot.name);
      if (Date.now() - slot.startedAtMs > STABLE_AFTER_MS) slot.attempts = 0;
      const delayMs = restartDelayMs((slot.attempts += 1));
      // Code 0 without a signal: something asked it to stop (a SIGTERM it drained on), not the stack.
      const clean = exit.code === 0 && exit.signal === null;
      const what = clean ? `exited without the stack asking (${reason})` : `exited unexpectedly (${reason})`;
      this.note(slot, clean ? 'warn' : 'error', `${what}; ${restarting ? `restarting in ${delayMs} ms` : 'not restarted'}`, {
        exitCode: exit.code,
        signal: exit.signal,
        pid: started.pid,
      });
      this.write();
      if (restarting) slot.timer = setTimeout(() => void this.revive(slot, started.port), delayMs);
    });
  }

  private async revive(slot: Slot, port: number): Promise<void> {
    if (slot.held || this.stopping) return;
    try {
      const started = await this.start(slot.name, { ...slot.env, PORT: String(port) }, slot.logName);
      slot.restarts += 1;
      this.note(slot, 'info', `restarted (restart ${slot.restarts}): pid ${started.pid} on port ${port}`, { pid: started.pid });
      this.write();
    } catch (error) {
      if (slot.held || this.stopping) return;
      const delayMs = restartDelayMs((slot.attempts += 1));
      this.note(slot, 'error', `${(error as Error).message.split('\n')[0] ?? 'restart failed'}; trying again in ${delayMs} ms`);
      slot.timer = setTimeout(() => void this.revive(slot, port), delayMs);
    }
  }
}
