import { Writable } from 'node:stream';

export interface CapturedLogs {
  /** Give this to the logger under test (core's `createLogger({ destination })`). */
  readonly destination: Writable;
  /** Every JSON line written so far, parsed. */
  lines(): Array<Record<string, unknown>>;
}

/** Keeps the JSON log lines a real logger writes in memory, so tests can assert on what was logged. */
export function captureLogs(): CapturedLogs {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    destination,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
