import { pino } from 'pino';
import type { Logger } from './logger.js';

/**
 * Structured JSON logs to stdout. Every process uses the same field names:
 * `service`, `requestId`, `itemId`, `err`.
 */
export function createLogger(options: { service: string; level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}
