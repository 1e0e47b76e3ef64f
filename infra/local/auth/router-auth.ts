import { listen, type Logger, type RunningServer } from '@picus/core';
import { audienceAndScopeClaims, parseRequiredClaims } from '@picus/infra';
import { createAuthServer } from './auth-server.js';
import type { AuthEnv } from './auth-env.js';
import { JwksClient } from './jwks-client.js';
import type { JwtCheck } from './jwt-verifier.js';
import { jwksFromFile, LOCAL_ISSUER, LocalIssuer } from './local-issuer.js';

/** What the router runs for auth: the check its `jwt` rules use, and the server of the local issuer / verifier. */
export interface RouterAuth {
  readonly check?: JwtCheck;
  /** Port of the JWKS and `/verify` server, when one runs. */
  readonly port?: number;
  readonly server?: RunningServer;
  readonly issuer?: string;
  close(): Promise<void>;
}

/**
 * Sets up auth from the parsed environment: nothing with AUTH=none; with AUTH=jwt, the check against
 * AUTH_ISSUER's JWKS, or against the local issuer, whose key lives in AUTH_KEY_FILE and whose JWKS
 * this serves on 127.0.0.1 (fetched back over HTTP, the path a real IdP's keys take).
 * @throws Error with a one-line message when the variables do not fit together.
 */
export async function startRouterAuth(
  env: AuthEnv,
  logger: Logger,
  listenOn: { host: string; port: number } = { host: '127.0.0.1', port: env.AUTH_ISSUER_PORT },
): Promise<RouterAuth> {
  if (env.AUTH === 'none') return { close: async () => {} };
  if ((env.AUTH_ISSUER === undefined) !== (env.AUTH_JWKS_URL === undefined))
    throw new Error('AUTH_ISSUER and AUTH_JWKS_URL go together: set both, or neither for the local issuer.');
  const requiredClaims = [
    ...audienceAndScopeClaims(env.AUTH_AUDIENCE, env.AUTH_SCOPE),
    ...(env.AUTH_CLAIMS ? parseRequiredClaims(env.AUTH_CLAIMS) : []),
  ];
  const local = () => (env.AUTH_JWKS_FILE ? jwksFromFile(env.AUTH_JWKS_FILE) : LocalIssuer.fromKeyFile(env.AUTH_KEY_FILE));
  const issuer = env.AUTH_ISSUER === undefined ? local() : undefined;
  let jwks: JwksClient | undefined = env.AUTH_JWKS_URL ? new JwksClient(env.AUTH_JWKS_URL) : undefined;
  const check: JwtCheck = {
    issuer: env.AUTH_ISSUER ?? LOCAL_ISSUER,
    requiredClaims,
    keysFor: (kid) => (jwks ? jwks.keysFor(kid) : Promise.resolve([])),
  };
  const onRefused = (reason: string, detail: string) => logger.debug({ reason, detail }, 'jwt refused');
  const server = await listen(createAuthServer({ ...(issuer ? { issuer } : {}), check, onRefused }), { ...listenOn, logger });
  jwks ??= new JwksClient(`http://127.0.0.1:${server.port}/.well-known/jwks.json`);
  logger.info(
    { issuer: check.issuer, jwks: env.AUTH_JWKS_URL ?? `http://127.0.0.1:${server.port}/.well-known/jwks.json`, requiredClaims },
    'JWT validation on for the write and delete rules',
  );
  return { check, port: server.port, server, issuer: check.issuer, close: () => server.drain(0) };
}
