import { HEALTH_CHECK_PATH, untracedHeaders } from '@picus/core';
import { LAMBDA_HOST_READY_PATH } from '../lambda/lambda-host.js';
import type { ServiceName } from './services.js';

/** What each service answers when it is healthy; DynamoDB answers a bare GET with an error document. */
const PROBES: Readonly<Record<ServiceName, string>> = {
  router: HEALTH_CHECK_PATH,
  api: HEALTH_CHECK_PATH,
  'delete-fn': LAMBDA_HOST_READY_PATH,
  dynamodb: '/',
  console: '/api/health',
};

/** `healthy`, `unhealthy (<status>)` or `no answer`, as `make ps` and the console's services view show it. */
export async function probeHealth(service: ServiceName, port: number, timeoutMs = 2_000): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}${PROBES[service]}`, {
    headers: untracedHeaders(),
    signal: AbortSignal.timeout(timeoutMs),
  }).catch(() => undefined);
  if (response === undefined) return 'no answer';
  await response.body?.cancel();
  return response.ok || service === 'dynamodb' ? 'healthy' : `unhealthy (${response.status})`;
}
