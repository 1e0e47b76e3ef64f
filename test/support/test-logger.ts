import { createLogger, type Logger } from '@picus/core';
import { Writable } from 'node:stream';

export interface CapturedLogs {
  readonly logger: Logger;
  /** Every line written so far, parsed. */
  lines(): Array<Record<string, unknown>>;
}

/** A real pino logger whose JSON lines are kept in memory, so tests can assert on what was logged. */
export function captureLogs(service = 'test'): CapturedLogs {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ service, level: 'debug', destination });
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
