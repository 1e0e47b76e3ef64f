import { createHmac } from 'node:crypto';
import { LOCAL_ISSUER, LocalIssuer } from '../auth/local-issuer.js';

/**
 * The tokens the verifier, emulator and nginx parity tests send, each with the answer ALB gives:
 * one accepted, every other refused (`missing`: no token at all; `invalid`: any failed check).
 * `scope` is the required claim the tests configure.
 */
export function jwtCases(issuer: LocalIssuer): Array<{ name: string; authorization?: string; expected: 'ok' | 'missing' | 'invalid' }> {
  const now = Math.floor(Date.now() / 1000);
  const stranger = LocalIssuer.ephemeral();
  const body = (claims: Record<string, unknown>) =>
    Buffer.from(JSON.stringify({ iss: LOCAL_ISSUER, exp: now + 600, scope: 'items:write', ...claims })).toString('base64url');
  const header = (value: Record<string, unknown>) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const hs256Input = `${header({ alg: 'HS256', typ: 'JWT', kid: issuer.kid })}.${body({})}`;
  const bearer = (token: string) => `Bearer ${token}`;
  return [
    { name: 'valid', authorization: bearer(issuer.token({ scope: 'items:write' })), expected: 'ok' },
    { name: 'expired', authorization: bearer(issuer.token({ scope: 'items:write' }, { now: now - 7200 })), expected: 'invalid' },
    { name: 'not yet valid', authorization: bearer(issuer.token({ scope: 'items:write', nbf: now + 600 })), expected: 'invalid' },
    {
      name: 'wrong issuer',
      authorization: bearer(issuer.token({ scope: 'items:write', iss: 'https://elsewhere.example.com' })),
      expected: 'invalid',
    },
    {
      name: 'wrong key',
      authorization: bearer(stranger.token({ scope: 'items:write' }, { header: { kid: issuer.kid } })),
      expected: 'invalid',
    },
    { name: 'alg none', authorization: bearer(`${header({ alg: 'none', typ: 'JWT' })}.${body({})}.`), expected: 'invalid' },
    // Signed with the public modulus as an HMAC secret: the classic key-confusion forgery.
    {
      name: 'HS256',
      authorization: bearer(
        `${hs256Input}.${createHmac('sha256', JSON.stringify(issuer.jwks().keys[0])).update(hs256Input).digest('base64url')}`,
      ),
      expected: 'invalid',
    },
    { name: 'missing required claim', authorization: bearer(issuer.token({})), expected: 'invalid' },
    { name: 'no token', expected: 'missing' },
  ];
}
