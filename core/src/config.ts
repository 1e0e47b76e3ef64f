import { z } from 'zod';

/**
 * The environment every handler process reads, parsed once at start-up. Nothing else in the
 * codebase reads `process.env`: processes call {@link loadConfig} and pass the frozen result down.
 */
const booleanFromString = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

export const configSchema = z.object({
  SERVICE_NAME: z.string().min(1).default('picus').describe('Name in every log line (`service`).'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development').describe('`production` turns response validation off unless VALIDATE_RESPONSES says otherwise.'),
  HOST: z.string().min(1).default('127.0.0.1').describe('Address the HTTP server binds to (containers use 0.0.0.0).'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000).describe('Port the HTTP server listens on; 0 picks a free one.'),
  AWS_REGION: z.string().min(1).default('us-east-1').describe('AWS region of the DynamoDB table.'),
  DYNAMODB_ENDPOINT: z.url().optional().describe('DynamoDB endpoint override: the embedded DynamoDB or LocalStack (http://localhost:4566). Unset on AWS.'),
  DYNAMODB_TABLE_NAME: z.string().min(3).max(255).default('picus').describe('The items table.'),
  DYNAMODB_ATTEMPT_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(600).describe('How long one DynamoDB call may take before it is retried or answered with 503.'),
  DYNAMODB_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(2).describe('Attempts per DynamoDB call, the first included.'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('Lowest level written to stdout.'),
  VALIDATE_RESPONSES: booleanFromString.optional().describe('Check every response against openapi.yaml (default: on unless NODE_ENV=production).'),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(1_048_576).default(409_600).describe("Largest accepted request body; the default is DynamoDB's 400 KiB item limit."),
  CURSOR_SECRET: z.string().min(16).default('picus-local-cursor-integrity-key').describe('Key that signs list cursors so a forged one is rejected; set the same value on every replica.'),
  EXIT_WITH_PARENT: booleanFromString.default(false).describe('Exit when the parent process exits (the local stack sets it for processes it supervises).'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000).describe('On SIGTERM: how long in-flight requests may take before the process exits anyway.'),
});

export type RawConfig = z.infer<typeof configSchema>;

/** The validated configuration of one process. */
export interface Config extends Omit<RawConfig, 'VALIDATE_RESPONSES'> {
  readonly VALIDATE_RESPONSES: boolean;
}

/** Thrown when the environment is invalid; the message names every offending variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses `env` (normally `process.env`) against {@link configSchema}.
 * @throws ConfigError naming each missing or invalid variable.
 */
export function loadConfig(env: Record<string, string | undefined>, defaults: Partial<Record<keyof RawConfig, string>> = {}): Readonly<Config> {
  // Empty strings count as unset, as in most .env tooling.
  const present = Object.fromEntries(Object.entries({ ...defaults, ...env }).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const raw = parsed.data;
  return Object.freeze({ ...raw, VALIDATE_RESPONSES: raw.VALIDATE_RESPONSES ?? raw.NODE_ENV !== 'production' });
}
