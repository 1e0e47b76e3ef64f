/**
 * When the supervisor starts a handler again after it died, as ECS starts a new task: at once the
 * first time, then after 1 s, 2 s, 4 s… up to 30 s, so a process that dies on start does not spin.
 * A process that ran for a minute before dying starts the count afresh.
 */
export const FIRST_DELAY_MS = 250;
export const MAX_DELAY_MS = 30_000;
export const STABLE_AFTER_MS = 60_000;

/** The delay before the `attempt`-th restart in a row (1 for the first). */
export function restartDelayMs(attempt: number): number {
  if (attempt <= 1) return FIRST_DELAY_MS;
  return Math.min(MAX_DELAY_MS, 1_000 * 2 ** (attempt - 2));
}
