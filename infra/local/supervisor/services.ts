import { REPO_ROOT } from '@picus/infra';
import { join } from 'node:path';
import type { Readiness } from '../process/ipc-messages.js';

/** The services of the stack, and how each is run: its bundle (`make build` writes them) and how it tells it is ready. */
export const SERVICES = {
  dynamodb: { script: join(REPO_ROOT, 'infra/local/dist/dynamodb.js'), readiness: 'reported' },
  api: { script: join(REPO_ROOT, 'api/dist/server.js'), readiness: 'first-listen' },
  'delete-fn': { script: join(REPO_ROOT, 'infra/local/dist/delete-fn.js'), readiness: 'reported' },
  router: { script: join(REPO_ROOT, 'infra/local/dist/router.js'), readiness: 'reported' },
  console: { script: join(REPO_ROOT, 'infra/local/dist/console.js'), readiness: 'reported' },
} as const satisfies Record<string, { script: string; readiness: Readiness }>;

export type ServiceName = keyof typeof SERVICES;

/** The services every stack runs; the console is added on request (`console` in embedded-stack.ts's StackOptions). */
export type CoreServiceName = Exclude<ServiceName, 'console'>;
