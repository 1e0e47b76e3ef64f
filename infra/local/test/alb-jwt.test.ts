import { createPublicKey } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { serve, waitFor } from '@picus/testkit';
import { topology } from '@picus/infra';
import { createAlbEmulator } from '../alb/alb-emulator.js';
import { TargetGroup } from '../alb/target-group.js';
import type { JwtCheck } from '../auth/jwt-verifier.js';
import { LOCAL_ISSUER, LocalIssuer } from '../auth/local-issuer.js';

const opened: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const item of opened.splice(0)) await item.close();
});

const issuer = LocalIssuer.ephemeral();
const publicKey = createPublicKey({ key: issuer.jwks().keys[0] ?? {}, format: 'jwk' });
const check: JwtCheck = { issuer: LOCAL_ISSUER, requiredClaims: [], keysFor: () => Promise.resolve([publicKey]) };

/** The emulator with tracing on (its span reads request bodies) in front of a target that echoes what it got. */
async function routerWithEcho() {
  const echo = await serve((req, res) => {
    if (req.url === topology.targetGroups.api.healthCheck.path) return void res.end('ok');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end(Buffer.concat(chunks)));
  });
  const api = new TargetGroup({
    name: 'api',
    healthCheck: topology.targetGroups.api.healthCheck,
    healthCheckIntervalMs: 30,
    deregistrationDelayMs: 0,
  });
  const deleteFn = new TargetGroup({ name: 'delete-fn', deregistrationDelayMs: 0 });
  api.register({ host: '127.0.0.1', port: Number(new URL(echo.baseUrl).port) });
  await waitFor(() => api.pick() !== undefined, { what: 'a healthy api target' });
  const router = await serve(
    createAlbEmulator({
      rules: topology.listener.rules,
      targetGroups: { api, 'delete-fn': deleteFn },
      defaultAction: topology.listener.defaultAction,
      targetTimeoutMs: 2_000,
      listenerPort: () => 0,
      tracing: true,
      jwt: check,
    }),
  );
  opened.push(echo, api, deleteFn, router);
  return router.baseUrl;
}

describe('the ALB emulator with JWT validation on', () => {
  it('when a write carries a valid token, then its whole body reaches the target, even with the router span reading it', async () => {
    const base = await routerWithEcho();
    const body = JSON.stringify({ name: 'Ada', role: 'engineer', notes: 'x'.repeat(200_000) });
    const answer = await fetch(`${base}/picus/put`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${issuer.token()}` },
      body,
    });
    expect(answer.status).toBe(201);
    expect(await answer.text()).toBe(body);
  });

  it('when a write carries no token, then the router answers 401 with the Bearer challenge and ALB page, and reads stay open', async () => {
    const base = await routerWithEcho();
    const refused = await fetch(`${base}/picus/put`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect(await refused.text()).toContain('<h1>401 Authorization Required</h1>');
    expect((await fetch(`${base}/picus/list`)).status).toBe(201);
  });
});
