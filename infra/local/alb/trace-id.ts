import { requestIdFrom } from '@picus/core';
import { randomFillSync } from 'node:crypto';

/** Random bytes for 256 trace ids, filled at once: one call per id was 3 % of the router's samples in a CPU profile under load. */
const pool = Buffer.alloc(12 * 256);
let poolOffset = pool.length;

function randomHex12(): string {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += 12;
  return pool.toString('hex', poolOffset - 12, poolOffset);
}

/**
 * X-Amzn-Trace-Id as ALB sets it: `Root=1-<epoch seconds, 8 hex>-<24 hex>`. An incoming header
 * is kept and ALB's own hop is recorded with `Self=`, as ALB does.
 */
export function traceIdFor(incoming: string | undefined): string {
  const own = `1-${Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0')}-${randomHex12()}`;
  if (incoming && /(^|;)Root=/.test(incoming)) return `Self=${own};${incoming.replace(/(^|;)Self=[^;]*;?/, '$1')}`;
  return `Root=${own}`;
}

/**
 * The request id the handlers will use for a request the router forwards with `traceId`: the
 * caller's `x-request-id` when it is a safe one, else the trace root (core's rule, applied to the
 * header the router sends). The router's span and access log name the request by it.
 */
export function requestIdFor(callerRequestId: string | string[] | undefined, traceId: string): string {
  return requestIdFrom({ 'x-request-id': callerRequestId, 'x-amzn-trace-id': traceId }, () => '');
}
