import { StoreUnavailableError } from './domain-errors.js';

/** DynamoDB error names that mean "not now, try again": throttling and server-side trouble. */
const RETRYABLE_ERROR_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  // The table is missing: the stack is not bootstrapped yet (or is being rebuilt). Logged loudly at the boundary.
  'ResourceNotFoundException',
]);

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);

/**
 * Classifies an error from the DynamoDB client: unavailability becomes {@link StoreUnavailableError}
 * (the transports answer 503 with Retry-After); anything else is returned as it is (a 500).
 */
export function toStoreError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: string }).code;
  const httpStatus = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const throttled = /Throttl|ThroughputExceeded|LimitExceeded/.test(error.name);
  if (
    RETRYABLE_ERROR_NAMES.has(error.name) ||
    (code !== undefined && NETWORK_ERROR_CODES.has(code)) ||
    (httpStatus !== undefined && httpStatus >= 500)
  ) {
    return new StoreUnavailableError(
      throttled ? 'DynamoDB is throttling requests.' : `DynamoDB is unavailable (${error.name}).`,
      throttled ? 2 : 1,
      { cause: error },
    );
  }
  return error;
}
