import { err as serializeError } from 'pino-std-serializers';
import { configure } from 'safe-stable-stringify';
import { LOG_LEVEL_VALUES, type Logger, type LogLevel } from './logger.js';

/** Where lines go: process.stdout, or a test's capture (testkit's captureLogs). */
export interface LineDestination {
  write(line: string): unknown;
}

/** pino's fallback for what JSON.stringify refuses (cycles, BigInt): the same library and settings pino uses. */
const stringifySafe = configure({ bigint: true, circularValue: '[Circular]' });
const stringify = (value: unknown) => {
  try {
    return JSON.stringify(value);
  } catch {
    return stringifySafe(value) ?? 'null';
  }
};

/**
 * The DELETE Lambda's logger: the same lines as createLogger in pino-logger.ts (pino's, with the same field
 * names, level labels, ISO time and `err` serializer), written synchronously, with nothing else.
 *
 * Why not pino itself: pino loads its transport machinery (thread-stream, sonic-boom, redaction: about
 * 50 KB minified) on every cold start, and the function never uses it; with the ESM import of node:http
 * gone (node-http.ts) that was the largest part of the bundle's margin over an SDK-only handler
 * (bench/lambda-cold-init-ratio.ts). Writing synchronously, as Powertools' logger does, also means
 * every line of an invocation is out before its handler returns and Lambda may freeze the process.
 * core/test/sync-logger.test.ts keeps the lines of the two loggers the same.
 */
export function createSyncLogger(options: { service: string; level: LogLevel; destination?: LineDestination }): Logger {
  const destination = options.destination ?? process.stdout;
  const threshold = LOG_LEVEL_VALUES[options.level];

  function make(bindings: Readonly<Record<string, unknown>>): Logger {
    const at =
      (level: Exclude<LogLevel, 'silent'>) =>
      (first: unknown, message?: string): void => {
        if (LOG_LEVEL_VALUES[level] < threshold) return;
        let fields: Record<string, unknown>;
        let msg = message;
        if (typeof first === 'string') {
          fields = {};
          msg = first;
        } else if (first instanceof Error) {
          fields = { err: first };
          msg ??= first.message;
        } else {
          fields = (first ?? {}) as Record<string, unknown>;
          if (msg === undefined && fields.msg === undefined && fields.err instanceof Error) msg = fields.err.message;
        }
        const line: Record<string, unknown> = { level, time: new Date().toISOString(), ...bindings, ...serialized(fields) };
        if (msg !== undefined) line.msg = msg;
        destination.write(`${stringify(line)}\n`);
      };
    return {
      level: options.level,
      child: (more) => make({ ...bindings, ...serialized(more) }),
      trace: at('trace'),
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      fatal: at('fatal'),
      flush: (done) => done?.(),
    };
  }
  return make({ service: options.service });
}

/** pino's treatment of fields: `err` through its serializer, undefined and functions left out. */
function serialized(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || typeof value === 'function') continue;
    out[key] = key === 'err' ? serializeError(value as Error) : value;
  }
  return out;
}
