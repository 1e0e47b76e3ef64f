import { describe, expect, it } from 'vitest';
import { captureLogs } from '@picus/testkit';
import type { Logger, LogLevel } from '../src/logger.js';
import { createLogger } from '../src/pino-logger.js';
import { createSyncLogger } from '../src/sync-logger.js';

class StoreFault extends Error {
  override readonly name = 'StoreFault';
  readonly code = 'E_STORE';
}

// Made once, so both loggers see the same stacks.
const errors = {
  withCause: new StoreFault('table gone', { cause: new Error('socket hang up') }),
  messageFromErr: new StoreFault('message taken from err'),
  onlyArgument: new Error('an error as the only argument'),
};

/** The same calls, in order, as the handlers and the http server make them, with the edge cases pino handles. */
function exercise(logger: Logger): void {
  const request = logger.child({ requestId: 'r-1', serverRequestId: 's-1', cold_start: true, skipped: undefined });
  request.debug({ method: 'DELETE', path: '/picus/1' }, 'request received');
  request.info({ itemId: '1' }, 'item deleted');
  request.info({ status: 200, durationMs: 1.25, ratio: Number.NaN, hidden: () => 1 }, 'request');
  request.error({ err: errors.withCause, status: 503 }, 'request failed');
  request.error({ err: errors.messageFromErr });
  request.warn(errors.onlyArgument);
  logger.info('a message alone');
  logger.trace({ below: 'the threshold' }, 'never written');
  const circular: Record<string, unknown> = { name: 'loop' };
  circular.self = circular;
  logger.info({ circular, big: 12n }, 'values JSON.stringify refuses');
  request.child({ component: 'nested' }).fatal({ exitCode: 1 }, 'nested child');
}

function linesOf(create: (level: LogLevel, destination: ReturnType<typeof captureLogs>['destination']) => Logger, level: LogLevel) {
  const logs = captureLogs();
  exercise(create(level, logs.destination));
  return logs.lines().map(({ time, ...line }) => {
    expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    return line;
  });
}

describe("the Lambda's synchronous logger", () => {
  it.each(['debug', 'info', 'error', 'silent'] as const)(
    'when it and pino are given the same calls at level %s, then they write the same lines (time aside)',
    (level) => {
      const pinoLines = linesOf((lvl, destination) => createLogger({ service: 'delete-fn', level: lvl, destination }), level);
      const syncLines = linesOf((lvl, destination) => createSyncLogger({ service: 'delete-fn', level: lvl, destination }), level);
      expect(syncLines).toEqual(pinoLines);
      if (level === 'debug') {
        expect(syncLines).toHaveLength(9);
        expect(syncLines[3]).toMatchObject({
          level: 'error',
          service: 'delete-fn',
          requestId: 'r-1',
          err: { type: 'StoreFault', code: 'E_STORE', message: expect.stringContaining('socket hang up') },
        });
      }
      if (level === 'silent') expect(syncLines).toEqual([]);
    },
  );

  it('when a line is logged, then it is written before the call returns, one JSON document per line', () => {
    const written: string[] = [];
    const logger = createSyncLogger({ service: 'delete-fn', level: 'info', destination: { write: (line: string) => written.push(line) } });
    logger.info({ itemId: 'a' }, 'first');
    expect(written).toHaveLength(1);
    logger.child({ requestId: 'r' }).warn('second');
    expect(written.map((line) => line.endsWith('\n') && JSON.parse(line))).toMatchObject([
      { level: 'info', service: 'delete-fn', itemId: 'a', msg: 'first' },
      { level: 'warn', service: 'delete-fn', requestId: 'r', msg: 'second' },
    ]);
  });
});
