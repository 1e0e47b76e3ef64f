// zod/mini, not zod: same package and parser, but tree-shakable, which takes ~18 ms off the
// Lambda's cold init (the classic build's ~450 KB is parsed and initialised on every cold start).
import * as z from 'zod/mini';

/**
 * The pieces every process's environment schema is built from, so that each process spells a
 * boolean, a port or a number the same way and reports a bad value the same way.
 */

/** A boolean as our processes spell it: `true`/`false`, or `1`/`0`. */
export const envBoolean = z.pipe(
  z.enum(['true', 'false', '1', '0']),
  z.transform((value) => value === 'true' || value === '1'),
);

/** A whole number within [min, max], from its decimal text. */
export const envInteger = (min: number, max: number) => z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max));

/** Text of a bounded length. */
export const envText = (minLength: number, maxLength = 4096) => z.string().check(z.minLength(minLength), z.maxLength(maxLength));

/** Attaches the description `.env.example` carries (a test checks it) and docs/configuration.md sums up. */
export const documented = <T extends z.ZodMiniType>(schema: T, description: string): T => schema.check(z.describe(description)) as T;

/** Thrown when the environment is invalid; the message names every offending variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses `env` (normally `process.env`) against an object schema of the pieces above. Empty
 * strings count as unset, as in most .env tooling; `defaults` fill what `env` leaves unset.
 * @throws ConfigError naming each missing or invalid variable.
 */
export function parseEnv<Shape extends z.core.$ZodLooseShape>(
  schema: z.ZodMiniObject<Shape>,
  env: Readonly<Record<string, string | undefined>>,
  defaults: Readonly<Record<string, string>> = {},
): Readonly<z.infer<z.ZodMiniObject<Shape>>> {
  const present = Object.fromEntries(Object.entries({ ...defaults, ...env }).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return Object.freeze(parsed.data);
}
