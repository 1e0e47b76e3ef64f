import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { prettyFactory } from 'pino-pretty';
import type { StackPaths } from '../supervisor/stack-state.js';

export interface LogView {
  /** Only this service's logs (`api` includes its replicas, `api-2`…). */
  readonly service?: string;
  /** Only the lines of this request (`requestId`), from every service it touched. */
  readonly requestId?: string;
  /** `pretty` for people; `json` keeps the raw lines for tools. */
  readonly format: 'pretty' | 'json';
  readonly color: boolean;
}

/**
 * Turns one raw log line of a service into what `make logs` shows, or undefined when the view
 * filters it out. Lines that are not JSON (a crash's stack trace, Node's own warnings) are kept
 * as they are, unless a request is asked for: they carry no request id.
 */
export function createLineFormatter(view: LogView): (service: string, line: string) => string | undefined {
  const prettify = prettyFactory({
    colorize: view.color,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'service,pid,hostname',
  });
  return (service, line) => {
    let entry: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) entry = parsed as Record<string, unknown>;
    } catch {
      // Not JSON: shown raw below.
    }
    if (view.requestId !== undefined && entry?.requestId !== view.requestId) return undefined;
    const text = view.format === 'json' || entry === undefined ? line : prettify(entry).trimEnd();
    return `${service} | ${text}`;
  };
}

/** The services whose log files `.stack/logs` holds, `api-2.log` and the like counting as `api`'s. */
function logFiles(logDir: string, service: string | undefined): Array<{ name: string; file: string }> {
  return readdirSync(logDir)
    .filter((file) => file.endsWith('.log'))
    .map((file) => ({ name: file.slice(0, -'.log'.length), file: join(logDir, file) }))
    .filter(({ name }) => service === undefined || name === service || name.startsWith(`${service}-`));
}

/** Follows the logs of the services the view picks, each line prefixed by its service, until stopped. */
export function tailLogs(logDir: string, view: LogView, files = logFiles(logDir, view.service)): { stop(): void } {
  const width = Math.max(...files.map(({ name }) => name.length));
  const format = createLineFormatter(view);
  // A request's lines may lie anywhere in the logs: read them whole. Otherwise start near the end.
  const history = view.requestId === undefined ? ['-n', '20'] : ['-n', '+1'];
  const tails = files.map(({ name, file }) => {
    // tail -F (Linux and macOS) follows the file across `make down` / `make up`, which recreate it.
    const tail = spawn('tail', [...history, '-F', file], { stdio: ['ignore', 'pipe', 'ignore'] });
    let pending = '';
    tail.stdout.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const shown = format(name.padEnd(width), line);
        if (shown !== undefined) process.stdout.write(`${shown}\n`);
      }
    });
    return tail;
  });
  return {
    stop() {
      for (const tail of tails) tail.kill();
    },
  };
}

/** `make logs`: follows every service's log (or those the view picks) until Ctrl-C. */
export function followLogs(paths: StackPaths, view: LogView): Promise<number> {
  if (!existsSync(paths.logDir)) {
    console.log('No logs yet: run `make up` first.');
    return Promise.resolve(0);
  }
  const files = logFiles(paths.logDir, view.service);
  if (files.length === 0) {
    console.error(
      `No log for "${view.service}". Services: ${logFiles(paths.logDir, undefined)
        .map(({ name }) => name)
        .join(', ')}.`,
    );
    return Promise.resolve(1);
  }
  const tailing = tailLogs(paths.logDir, view, files);
  return new Promise((resolve) => {
    process.once('SIGINT', () => {
      tailing.stop();
      resolve(0);
    });
  });
}
