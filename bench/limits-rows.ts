import type { ScenarioResult } from './scenario-result.js';

/** The rows bench/limits.ts adds, by name, for the targets in report.ts. */
export const LIST_ALL_AT = (connections: number) => `list, no limit (100 items), ${connections} connections`;
export const LARGE_GET = 'get of ~380 KiB items';

/** Answers with a 2xx status per second. */
export function okRate(row: ScenarioResult): number {
  return Math.round((row.requests - row.non2xx) / Math.max(row.seconds, 0.001));
}
