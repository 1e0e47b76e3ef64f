import * as z from 'zod/mini';
import { ConfigError, documented, envBoolean, envInteger, envText, parseEnv } from './env-schema.js';

/**
 * The cursor key local runs use. It is in this repository, so anyone could sign cursors with it:
 * {@link loadConfig} refuses it when NODE_ENV=production (on AWS it comes from Secrets Manager).
 */
export const LOCAL_CURSOR_SECRET = 'picus-local-cursor-integrity-key';

/**
 * The environment every handler process reads, parsed once at start-up. Nothing else in the
 * codebase reads `process.env`: processes call {@link loadConfig} and pass the frozen result down.
 * Each variable's description is what `.env.example` says of it (a test keeps the two in step).
 */
export const configSchema = z.object({
  SERVICE_NAME: z._default(documented(envText(1), 'Name in every log line (`service`).'), 'picus'),
  NODE_ENV: z._default(
    documented(
      z.enum(['development', 'test', 'production']),
      '`production` turns response validation off unless VALIDATE_RESPONSES says otherwise.',
    ),
    'development',
  ),
  HOST: z._default(documented(envText(1), 'Address the HTTP server binds to (containers use 0.0.0.0).'), '127.0.0.1'),
  PORT: z._default(documented(envInteger(0, 65535), 'Port the HTTP server listens on; 0 picks a free one.'), 8000),
  AWS_REGION: z._default(documented(envText(1), 'AWS region of the DynamoDB table.'), 'us-east-1'),
  DYNAMODB_ENDPOINT: z.optional(
    documented(z.url(), 'DynamoDB endpoint override: the embedded DynamoDB or LocalStack (http://localhost:4566). Unset on AWS.'),
  ),
  DYNAMODB_TABLE_NAME: z._default(documented(envText(3, 255), 'The items table.'), 'picus'),
  DYNAMODB_ATTEMPT_TIMEOUT_MS: z._default(
    documented(envInteger(50, 30_000), 'How long one DynamoDB call may take before it is retried or answered with 503.'),
    600,
  ),
  DYNAMODB_MAX_ATTEMPTS: z._default(documented(envInteger(1, 10), 'Attempts per DynamoDB call, the first included.'), 2),
  LOG_LEVEL: z._default(
    documented(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'Lowest level written to stdout.'),
    'info',
  ),
  VALIDATE_RESPONSES: z.optional(
    documented(envBoolean, 'Check every response against openapi.yaml (default: on unless NODE_ENV=production).'),
  ),
  MAX_BODY_BYTES: z._default(
    documented(envInteger(1024, 1_048_576), "Largest accepted request body; the default is DynamoDB's 400 KiB item limit."),
    409_600,
  ),
  CURSOR_SECRET: z._default(
    documented(
      envText(16),
      'Key that signs list cursors so a forged one is rejected; set the same value on every replica. Required when NODE_ENV=production (the default is public).',
    ),
    LOCAL_CURSOR_SECRET,
  ),
  MEMORY_BUDGET_MIB: z._default(
    documented(
      envInteger(8, 4096),
      "Heap (MiB) the api's requests in flight may hold: bodies, items being answered, list pages. Past it the api answers 503 with Retry-After at once. Set with the heap flags (docs/limits.md).",
    ),
    96,
  ),
  BATCH_GET_MAX_BYTES: z._default(
    documented(
      envInteger(65_536, 16_777_216),
      'Bytes one BatchGetItem answer is planned to hold at most: large items go fewer keys a call.',
    ),
    1_048_576,
  ),
  LIST_ALL_MAX_BYTES: z._default(
    documented(
      envInteger(65_536, 268_435_456),
      'GET /picus/list without limit: the most bytes of items one answer holds before it ends with next_cursor.',
    ),
    16_777_216,
  ),
  LIST_ALL_MAX_STREAMS: z._default(
    documented(envInteger(1, 1024), 'GET /picus/list without limit: answers streamed at once per process; more wait for a turn.'),
    8,
  ),
  LIST_ALL_MAX_WAITING: z._default(
    documented(envInteger(0, 100_000), 'GET /picus/list without limit: requests waiting for a turn; past it, 503 with Retry-After.'),
    256,
  ),
  WRITE_DEADLINE_MS: z._default(
    documented(envInteger(100, 600_000), 'How long (ms) a client may leave an answer unread before it is cut off and the answer freed.'),
    10_000,
  ),
  SHUTDOWN_GRACE_MS: z._default(
    documented(envInteger(0, 120_000), 'On SIGTERM: how long in-flight requests may take before the process exits anyway.'),
    10_000,
  ),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.optional(
    documented(
      z.url({ protocol: /^https?$/ }),
      'OTLP/HTTP endpoint (base URL) to send traces to; tracing is off when unset. The local stack points it at its console; on AWS, an ADOT collector.',
    ),
  ),
  OTEL_BSP_SCHEDULE_DELAY: z._default(
    documented(envInteger(0, 60_000), 'With tracing on: how long (ms) finished spans wait to be sent together.'),
    1_000,
  ),
});

export type RawConfig = z.infer<typeof configSchema>;

/** The validated configuration of one process. */
export interface Config extends Omit<RawConfig, 'VALIDATE_RESPONSES'> {
  readonly VALIDATE_RESPONSES: boolean;
}

/**
 * Parses `env` (normally `process.env`) against {@link configSchema}; `defaults` are the process's
 * own (e.g. the api's SERVICE_NAME), used where `env` leaves a variable unset.
 * @throws ConfigError naming each missing or invalid variable.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  defaults: Partial<Record<keyof RawConfig, string>> = {},
): Readonly<Config> {
  const raw = parseEnv(configSchema, env, defaults);
  if (raw.NODE_ENV === 'production' && raw.CURSOR_SECRET === LOCAL_CURSOR_SECRET) {
    throw new ConfigError(
      'Invalid configuration:\n  CURSOR_SECRET: must be set when NODE_ENV=production; the default is public, so anyone could forge list cursors',
    );
  }
  return Object.freeze({ ...raw, VALIDATE_RESPONSES: raw.VALIDATE_RESPONSES ?? raw.NODE_ENV !== 'production' });
}
