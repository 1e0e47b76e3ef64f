/**
 * Process entry of the `auth` service under Compose: the verifier nginx asks through `auth_request`
 * (`GET /verify`), and the local issuer's JWKS, from the public `jwks.json` the stack CLI writes
 * beside the key (the private key stays on the host, where `make token` signs). With AUTH_ISSUER and
 * AUTH_JWKS_URL it checks a real IdP's tokens instead. The same code as the embedded router's check.
 */
import { createLogger, exitOnSignals, parseEnv } from '@picus/core';
import * as z from 'zod/mini';
import { serverEnv } from '../process/server-env.js';
import { reportReady } from '../process/ipc-messages.js';
import { authEnvShape } from './auth-env.js';
import { startRouterAuth } from './router-auth.js';

/** The port nginx's generated config asks (`auth:8100`). */
export const VERIFIER_PORT = 8100;

const env = parseEnv(z.object({ ...serverEnv(VERIFIER_PORT), ...authEnvShape }), process.env, { AUTH: 'jwt' });
const logger = createLogger({ service: 'auth', level: env.LOG_LEVEL });
const auth = await startRouterAuth(env, logger, { host: env.HOST, port: env.PORT });
if (!auth.server) {
  logger.fatal('AUTH=none: the verifier has nothing to do');
  process.exit(1);
}
logger.info({ port: auth.port, issuer: auth.issuer }, 'listening');
reportReady({ listener: auth.server.port });
exitOnSignals(auth.server, { graceMs: 1_000, logger });
