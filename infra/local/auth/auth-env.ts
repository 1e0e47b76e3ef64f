import { documented, envInteger, envText } from '@picus/core';
import * as z from 'zod/mini';

/**
 * The router's auth variables (the ALB emulator, and the verifier nginx asks under Compose). Off by
 * default, so `make up` stays open; `AUTH=jwt` turns the topology's `jwt` rules on, against the local
 * issuer unless AUTH_ISSUER and AUTH_JWKS_URL name a real one.
 */
export const authEnvShape = {
  AUTH: z._default(
    documented(
      z.enum(['none', 'jwt']),
      '`jwt`: the write and delete rules verify a bearer JWT as ALB does (`make token` makes one); `none` leaves them open.',
    ),
    'none',
  ),
  AUTH_ISSUER: z.optional(
    documented(envText(1, 256), 'With AUTH=jwt: the `iss` a token must carry (a real IdP, e.g. Cognito); the local issuer when unset.'),
  ),
  AUTH_JWKS_URL: z.optional(documented(z.url({ protocol: /^https?$/ }), "With AUTH_ISSUER: the issuer's JWKS URL.")),
  AUTH_AUDIENCE: z.optional(documented(envText(1), 'With AUTH=jwt: required `aud` values, comma-separated (any one matches).')),
  AUTH_SCOPE: z.optional(documented(envText(1), 'With AUTH=jwt: required `scope` values (any one matches), e.g. items:write.')),
  AUTH_CLAIMS: z.optional(
    documented(envText(2), 'With AUTH=jwt: further required claims, a JSON array of {"name","format","values"} as ALB takes them.'),
  ),
  AUTH_KEY_FILE: z._default(
    documented(envText(1), "The local issuer's RSA key (PEM), made on first use; the stack keeps it in its data directory."),
    '.data/auth/issuer-key.pem',
  ),
  AUTH_JWKS_FILE: z.optional(
    documented(
      envText(1),
      "Compose's verifier: the local issuer's public JWKS (written beside its key), served and checked instead of the key.",
    ),
  ),
  AUTH_ISSUER_PORT: z._default(
    documented(envInteger(0, 65535), "Port of the local issuer's JWKS, on 127.0.0.1 only; 0 picks a free one."),
    0,
  ),
};

export type AuthEnv = z.infer<z.ZodMiniObject<typeof authEnvShape>>;
