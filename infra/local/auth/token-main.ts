/**
 * `make token [CLAIMS='{"scope":"items:write"}']`: one bearer token from the local issuer on stdout,
 * one line, valid for an hour; the key is the stack's (`.data/auth/issuer-key.pem`, made here when
 * the stack has not made it yet). Messages go to stderr, so `TOKEN=$(make -s token)` takes only the token.
 */
import { documented, envText, parseEnv } from '@picus/core';
import { REPO_ROOT } from '@picus/infra';
import { join, resolve } from 'node:path';
import * as z from 'zod/mini';
import { issuerKeyFile, LocalIssuer } from './local-issuer.js';

const env = parseEnv(
  z.object({
    CLAIMS: z._default(documented(envText(2), 'Claims the token carries besides iss, sub, iat and exp: a JSON object.'), '{}'),
    PICUS_STACK_HOME: z._default(documented(envText(1), 'Where `.data` lives.'), REPO_ROOT),
    AUTH_KEY_FILE: z.optional(documented(envText(1), "The local issuer's key, when not the stack's.")),
  }),
  process.env,
);

let claims: unknown;
try {
  claims = JSON.parse(env.CLAIMS);
} catch {
  claims = undefined;
}
if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
  console.error(`CLAIMS must be a JSON object, e.g. CLAIMS='{"scope":"items:write"}', not ${env.CLAIMS}`);
  process.exit(2);
}
const keyFile = env.AUTH_KEY_FILE ? resolve(env.AUTH_KEY_FILE) : issuerKeyFile(join(env.PICUS_STACK_HOME, '.data'));
process.stdout.write(`${LocalIssuer.fromKeyFile(keyFile).token(claims as Record<string, unknown>)}\n`);
