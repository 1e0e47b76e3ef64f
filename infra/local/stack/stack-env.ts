import { documented, envInteger, envText, parseEnv } from '@picus/core';
import { REPO_ROOT, topology } from '@picus/infra';
import * as z from 'zod/mini';
import { authEnvShape } from '../auth/auth-env.js';

const REPLICAS_RANGE = 'must be a whole number from 1 to 4 (api processes behind the router; ECS runs 2)';
const port = (fallback: number, what: string) => z._default(documented(envInteger(1, 65535), `Port ${what} listens on.`), fallback);

/**
 * The stack's own environment (`make up`, `down`, `ps`, `logs`, `reset`, `seed`, `dev`, `api`),
 * parsed once by the CLI. The handlers' variables (LOG_LEVEL, DYNAMODB_*, …) are not in it: the
 * CLI passes its environment on to the processes it starts, and each parses its own.
 */
export const stackEnvSchema = z.object({
  STACK: z.optional(
    documented(
      z.enum(['embedded', 'compose']),
      'Which stack `make up` runs; by default Compose where a Docker engine answers, embedded elsewhere.',
    ),
  ),
  PICUS_STACK_HOME: z._default(documented(envText(1), 'Where `.stack` (pids, logs) and `.data` live.'), REPO_ROOT),
  ROUTER_PORT: port(topology.localPorts.router, 'the router (the ALB)'),
  API_PORT: port(topology.localPorts.api, 'the api'),
  DELETE_FN_PORT: port(topology.localPorts.deleteFn, 'the Lambda host'),
  DYNAMODB_PORT: port(topology.localPorts.dynamodb, 'the embedded DynamoDB'),
  CONSOLE_PORT: port(topology.localPorts.console, 'the local console (on 127.0.0.1 only)'),
  API_REPLICAS: z._default(
    documented(
      z.coerce
        .number({ error: REPLICAS_RANGE })
        .check(z.int({ error: REPLICAS_RANGE }), z.minimum(1, { error: REPLICAS_RANGE }), z.maximum(4, { error: REPLICAS_RANGE })),
      'api processes behind the router, as ECS runs tasks (ECS runs 2; 1 keeps a laptop stack small).',
    ),
    1,
  ),
  SERVICE: z.optional(documented(envText(1, 64), '`make logs`: only this service (api, delete-fn, router, dynamodb…).')),
  REQUEST: z.optional(
    documented(envText(1, 128), "`make logs`: only this request's lines (its request id), from every service it touched."),
  ),
  LOG_FORMAT: z._default(
    documented(z.enum(['pretty', 'json']), '`make logs`: pretty for people, json keeps the raw lines for tools.'),
    'pretty',
  ),
  INSPECT: z.optional(
    documented(
      z.enum(['api', 'delete-fn', 'router', 'dynamodb']),
      'Start this service with the Node inspector on (`make dev INSPECT=api`).',
    ),
  ),
  INSPECT_PORT: z._default(
    documented(
      envInteger(1, 65535),
      "The inspected service's first inspector port; its further processes (api replicas) take the next ones.",
    ),
    9229,
  ),
  DYNAMODB: z.optional(
    documented(
      z.enum(['localstack', 'embedded']),
      'Compose: which DynamoDB runs; by default LocalStack where its image is present or can be pulled, the embedded DynamoDB container elsewhere.',
    ),
  ),
  COMPOSE_PROJECT_NAME: z._default(
    documented(
      z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,62}$/)),
      'Compose: the project, which names the containers, the network and the data volumes.',
    ),
    'picus',
  ),
  BIND_ADDRESS: z._default(
    documented(
      envText(1, 64),
      'The address the services bind (embedded) or their ports are published on (Compose), whatever HOST says; 0.0.0.0 opens them to the network (the console needs CONSOLE_TOKEN for that).',
    ),
    '127.0.0.1',
  ),
  NODE_ENV: z.optional(
    documented(
      z.string(),
      '`production` runs the handlers as deployed: no response validation, a generated local cursor key, spans only to a configured OTLP endpoint.',
    ),
  ),
  AUTH: authEnvShape.AUTH,
  NODE_EXTRA_CA_CERTS: z.optional(
    documented(envText(1), "A TLS-intercepting proxy's CA bundle: Compose's image builds get it as a BuildKit secret (never a layer)."),
  ),
});

export type StackEnv = z.infer<typeof stackEnvSchema>;

/** @throws ConfigError naming each invalid variable. */
export function loadStackEnv(env: Readonly<Record<string, string | undefined>>): StackEnv {
  return parseEnv(stackEnvSchema, env);
}

/** The ports `make up` binds, each with the variable that moves it. */
export function configuredPorts(env: StackEnv) {
  return {
    router: { port: env.ROUTER_PORT, variable: 'ROUTER_PORT' },
    api: { port: env.API_PORT, variable: 'API_PORT' },
    deleteFn: { port: env.DELETE_FN_PORT, variable: 'DELETE_FN_PORT' },
    dynamodb: { port: env.DYNAMODB_PORT, variable: 'DYNAMODB_PORT' },
    console: { port: env.CONSOLE_PORT, variable: 'CONSOLE_PORT' },
  } as const;
}
