import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStack, type EmbeddedStack } from '@picus/local';
import { nginxBinary, startNginxBefore, type LocalNginx } from './local-nginx.js';
import { LocalIssuer } from '../../infra/local/auth/local-issuer.js';
import { jwtCases } from '../../infra/local/test/jwt-cases.js';

if (!nginxBinary)
  console.warn('nginx JWT parity tests skipped: no nginx binary (apt-get install nginx); the ALB emulator tests still run.');

interface Answer {
  status: number;
  wwwAuthenticate: string | null;
  contentType: string | null;
  /** The refusal page itself; for a forwarded request only its keys (ids differ). */
  body: string;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  const body = contentType?.includes('json')
    ? Object.keys(JSON.parse(text) as object)
        .sort()
        .join(',')
    : text;
  return { status: response.status, wwwAuthenticate: response.headers.get('www-authenticate'), contentType, body };
}

describe.skipIf(!nginxBinary)('JWT validation: the ALB emulator and nginx (auth_request to the same verifier) answer alike', () => {
  let stack: EmbeddedStack;
  let nginx: LocalNginx | undefined;
  let nginxUrl: string;
  let issuer: LocalIssuer;

  beforeAll(async () => {
    stack = await startEmbeddedStack({ routerEnv: { AUTH: 'jwt', AUTH_SCOPE: 'items:write' } });
    issuer = LocalIssuer.fromKeyFile(join(stack.logDir, 'auth', 'issuer-key.pem'));
    const verifierPort = stack.processes.router.ports.auth;
    if (!verifierPort) throw new Error('the router reported no auth port: is AUTH=jwt reaching it?');
    nginx = await startNginxBefore(stack, { jwtVerifier: `127.0.0.1:${verifierPort}` });
    nginxUrl = nginx.url;
  });

  afterAll(async () => {
    nginx?.stop();
    await stack?.stop();
  });

  it('when each kind of token is sent to POST /picus/put and DELETE /picus/{id}, then both routers give the same status, challenge, content type and body', async () => {
    const cases = jwtCases(issuer);
    const seed = await fetch(`${stack.routerUrl}/picus/put`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: cases[0]?.authorization ?? '' },
      body: '{"name":"Ada","role":"engineer"}',
    });
    expect(seed.status).toBe(201);
    const ask = async (base: string, authorization: string | undefined) => {
      const headers: Record<string, string> = authorization ? { authorization } : {};
      const put = await answer(
        await fetch(`${base}/picus/put`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: '{"name":"Ada","role":"engineer"}',
        }),
      );
      // An id no one holds: a passed check reaches the Lambda, which answers 404.
      const del = await answer(await fetch(`${base}/picus/00000000-0000-4000-8000-000000000000`, { method: 'DELETE', headers }));
      return { put, del };
    };
    for (const { name, authorization, expected } of cases) {
      const viaEmulator = await ask(stack.routerUrl, authorization);
      const viaNginx = await ask(nginxUrl, authorization);
      expect(viaNginx, name).toEqual(viaEmulator);
      if (expected === 'ok') {
        expect([viaEmulator.put.status, viaEmulator.del.status], name).toEqual([201, 404]);
      } else {
        expect(viaEmulator.put, name).toMatchObject({
          status: 401,
          contentType: 'text/html',
          wwwAuthenticate: expected === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"',
        });
        expect(viaEmulator.del.status, name).toBe(401);
      }
    }
  });

  it('when a read comes without a token, then both routers serve it', async () => {
    for (const base of [stack.routerUrl, nginxUrl]) {
      expect((await fetch(`${base}/picus/list?limit=1`)).status, base).toBe(200);
      expect((await fetch(`${base}/picus/health`)).status, base).toBe(200);
    }
  });
});
