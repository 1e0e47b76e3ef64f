import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthServer } from '../auth/auth-server.js';
import { JwksClient } from '../auth/jwks-client.js';
import { verifyBearer, type JwtCheck } from '../auth/jwt-verifier.js';
import { LOCAL_ISSUER, LocalIssuer } from '../auth/local-issuer.js';
import { jwtCases } from './jwt-cases.js';

const issuer = LocalIssuer.ephemeral();
let server: Server;
let check: JwtCheck;

beforeAll(async () => {
  server = createServer(createAuthServer({ issuer }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwks = new JwksClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`);
  check = {
    issuer: LOCAL_ISSUER,
    requiredClaims: [{ name: 'scope', format: 'space-separated-values', values: ['items:write'] }],
    keysFor: (kid) => jwks.keysFor(kid),
  };
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the JWT check, with ALB semantics against the issuer JWKS over HTTP', () => {
  it.each(jwtCases(issuer))('when the token is $name, then the check answers $expected', async ({ authorization, expected }) => {
    const outcome = await verifyBearer(authorization, check);
    expect(outcome.ok ? 'ok' : outcome.reason).toBe(expected);
  });

  it('when the scope claim holds several words, then one of them matching the required value is enough', async () => {
    expect((await verifyBearer(`Bearer ${issuer.token({ scope: 'items:read items:write' })}`, check)).ok).toBe(true);
  });

  it('when iat lies in the future, then the token is refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await verifyBearer(`Bearer ${issuer.token({ scope: 'items:write', iat: now + 600 })}`, check)).toMatchObject({
      ok: false,
      detail: 'issued in the future (iat)',
    });
  });

  it('when a token has no exp, then it is refused: exp is mandatory on ALB', async () => {
    expect(await verifyBearer(`Bearer ${issuer.token({ scope: 'items:write', exp: undefined })}`, check)).toMatchObject({
      ok: false,
      detail: 'no exp',
    });
  });

  it('when the Authorization header is not Bearer, then the request counts as carrying no token', async () => {
    expect(await verifyBearer('Basic dXNlcjpwYXNz', check)).toMatchObject({ ok: false, reason: 'missing' });
  });
});
