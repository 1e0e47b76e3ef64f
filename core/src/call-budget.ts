import { StoreUnavailableError } from './domain-errors.js';

/** How long one store call may take in all: every SDK attempt at its timeout. */
export function callBudgetMs(config: { DYNAMODB_ATTEMPT_TIMEOUT_MS: number; DYNAMODB_MAX_ATTEMPTS: number }): number {
  return config.DYNAMODB_ATTEMPT_TIMEOUT_MS * config.DYNAMODB_MAX_ATTEMPTS;
}

/**
 * Settles with `work`, or with {@link StoreUnavailableError} once `budgetMs` has passed. A caller
 * whose key waits behind a batch in flight, then rides in the next one, would otherwise wait for
 * two rounds of SDK timeouts when DynamoDB hangs: its budget counts from its own arrival.
 */
export function withinBudget<T>(work: Promise<T>, budgetMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new StoreUnavailableError(`DynamoDB did not answer within ${budgetMs} ms.`, 1)), budgetMs);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Waits before retrying what DynamoDB left unprocessed: exponential with full jitter, never past `deadline`. */
export async function backoff(attempt: number, deadline: number): Promise<boolean> {
  const delay = Math.random() * Math.min(200, 10 * 2 ** attempt);
  if (performance.now() + delay >= deadline) return false;
  await new Promise((resolve) => setTimeout(resolve, delay));
  return true;
}
