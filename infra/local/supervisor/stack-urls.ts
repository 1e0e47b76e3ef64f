import type { EmbeddedStack } from './embedded-stack.js';
import { inspectorUrl } from '../process/inspector.js';

/** The URLs `make up` prints, with what listens behind each. */
export async function stackUrls(
  stack: EmbeddedStack,
  ports: Readonly<Record<'router' | 'api' | 'deleteFn' | 'dynamodb' | 'console', number>>,
  inspected?: string,
): Promise<Record<string, string>> {
  const replicas = stack.apiReplicas;
  const inspectors = await Promise.all(
    stack.inspectorPorts.map(async (port, index) => [
      `inspector ${index + 1}`,
      `${inspected} ${(await inspectorUrl(port)) ?? `127.0.0.1:${port}`}`,
    ]),
  );
  return {
    router: `http://localhost:${ports.router}`,
    'Swagger UI': `http://localhost:${ports.router}/docs`,
    api: `http://localhost:${ports.api}${replicas.length ? `  (+${replicas.length} replica${replicas.length > 1 ? 's' : ''} on ${replicas.map((replica) => `:${replica.port}`).join(', ')})` : ''}`,
    'delete-fn': `http://localhost:${ports.deleteFn}  (Lambda host)`,
    DynamoDB: `http://localhost:${ports.dynamodb}  (data in .data/dynamodb)`,
    console: `http://localhost:${ports.console}  (live requests, traces, services, table)`,
    ...Object.fromEntries(inspectors),
  };
}
