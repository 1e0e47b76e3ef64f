/** The levels every process accepts in LOG_LEVEL, with pino's numbers (a line is written at or above the threshold). */
export const LOG_LEVEL_VALUES = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const;
export type LogLevel = keyof typeof LOG_LEVEL_VALUES;

/** One level's method: fields then a message, or a message alone, as pino takes them. */
export interface LogFn {
  (fields: object, message?: string): void;
  (message: string): void;
}

/**
 * What our code asks of a logger: pino's calling convention, narrowed to what is used, so that the
 * DELETE Lambda's synchronous logger (sync-logger.ts) and pino are interchangeable.
 */
export interface Logger {
  readonly level: string;
  child(bindings: Record<string, unknown>): Logger;
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
  /** Writes out what is buffered; `done` runs once it is. */
  flush(done?: (error?: Error) => void): void;
}
