import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@picus/infra';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStack, type EmbeddedStack } from '@picus/local';
import { waitFor } from '@picus/testkit';
import { LocalIssuer } from '../../infra/local/auth/local-issuer.js';
import { describeRouterJourneys } from './router-journey-suite.js';

/**
 * The acceptance of AUTH=jwt on the embedded stack, as a user tries it: writes and deletes need the
 * token `make token` prints (its bundle, run as the Makefile runs it), reads need none, a forged
 * token gets 401, and the local issuer's key outlives a restart of the router.
 */
let stack: EmbeddedStack;
const dataDir = join(mkdtempSync(join(tmpdir(), 'picus-auth-journey-')), 'dynamodb');
const keyFile = join(dataDir, '..', 'auth', 'issuer-key.pem');

/** `make token`: the bundle the target runs, with the key the stack uses. */
const makeToken = (env: Record<string, string> = {}, key = keyFile) =>
  execFileSync(process.execPath, ['infra/local/dist/token.js'], {
    cwd: REPO_ROOT,
    env: { ...process.env, AUTH_KEY_FILE: key, ...env },
    encoding: 'utf8',
  });

beforeAll(async () => {
  stack = await startEmbeddedStack({ dataDir, routerEnv: { AUTH: 'jwt' } });
});
afterAll(async () => {
  await stack?.stop();
});

const post = (authorization?: string) =>
  fetch(`${stack.routerUrl}/picus/put`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: '{"name":"Ada","role":"engineer"}',
  });

describe('AUTH=jwt on the embedded stack', () => {
  it('when make token runs, then it prints one line: an RS256 JWT valid for an hour with the CLAIMS given', () => {
    const output = makeToken({ CLAIMS: '{"scope":"items:write"}' });
    expect(output.split('\n')).toHaveLength(2);
    expect(output.endsWith('\n')).toBe(true);
    const [header = '', payload = ''] = output.trim().split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { exp: number; iat: number; scope: string };
    expect(claims.exp - claims.iat).toBe(3600);
    expect(claims.scope).toBe('items:write');
  });

  it('when POST and DELETE come without a token or with a forged one, then 401; with make token they get 201 and 200; GET needs none', async () => {
    const token = makeToken().trim();
    const forged = makeToken({}, join(mkdtempSync(join(tmpdir(), 'picus-forger-')), 'key.pem')).trim();
    expect((await post()).status).toBe(401);
    expect((await post(`Bearer ${forged}`)).status).toBe(401);
    const created = await post(`Bearer ${token}`);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await fetch(`${stack.routerUrl}/picus/get/${id}`)).status).toBe(200);
    expect((await fetch(`${stack.routerUrl}/picus/list?limit=1`)).status).toBe(200);
    expect((await fetch(`${stack.routerUrl}/picus/${id}`, { method: 'DELETE' })).status).toBe(401);
    expect(
      (await fetch(`${stack.routerUrl}/picus/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${forged}` } })).status,
    ).toBe(401);
    expect(
      (await fetch(`${stack.routerUrl}/picus/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(200);
  });

  it('when the router restarts, then a token made before still passes: the key lives in the data directory', async () => {
    const token = makeToken().trim();
    await stack.restart('router');
    await waitFor(async () => (await fetch(`${stack.routerUrl}/picus/health`)).status === 200, {
      what: 'the new router to find a healthy api target',
    });
    expect((await post(`Bearer ${token}`)).status).toBe(201);
  });
});

// The same journeys as the open stack's (router-journey.test.ts), every write and delete with a token.
describeRouterJourneys('embedded stack with AUTH=jwt', {
  routerUrl: () => stack.routerUrl,
  token: () => LocalIssuer.fromKeyFile(keyFile).token(),
  restart: async () => {
    await stack.stop();
    stack = await startEmbeddedStack({ dataDir, routerEnv: { AUTH: 'jwt' } });
  },
});
