import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '@picus/testkit';
import { adminHeaders, createAdminApi, isLoopbackHost } from '../alb/admin-api.js';
import { TargetGroup } from '../alb/target-group.js';

const token = 'stack-token-0123456789';
let admin: Served;
const groups = {
  api: new TargetGroup({ name: 'api', deregistrationDelayMs: 0 }),
  'delete-fn': new TargetGroup({ name: 'delete-fn', deregistrationDelayMs: 0 }),
};

beforeAll(async () => {
  admin = await serve(createAdminApi(groups, { token }));
});
afterAll(async () => {
  await admin.close();
  for (const group of Object.values(groups)) group.close();
});

describe("the router's admin API", () => {
  it("when a request lacks the stack's token or carries another, then it is refused with 401 and nothing changes", async () => {
    expect((await fetch(`${admin.baseUrl}/targets`)).status).toBe(401);
    expect(
      (
        await fetch(`${admin.baseUrl}/targets/api?host=127.0.0.1&port=9999`, {
          method: 'POST',
          headers: adminHeaders('another-token-000000'),
        })
      ).status,
    ).toBe(401);
    expect(groups.api.describe()).toEqual([]);
  });

  it('when a target outside loopback is registered, then it is refused with 403: the router must not become a proxy into the network', async () => {
    for (const host of ['169.254.169.254', '10.0.0.5', 'example.com', '0.0.0.0']) {
      const answer = await fetch(`${admin.baseUrl}/targets/api?host=${host}&port=80`, { method: 'POST', headers: adminHeaders(token) });
      expect(answer.status, host).toBe(403);
    }
    expect(groups.api.describe()).toEqual([]);
  });

  it("when a loopback target is registered with the stack's token, then the group lists it", async () => {
    const answer = await fetch(`${admin.baseUrl}/targets/api?host=127.0.0.1&port=9999`, { method: 'POST', headers: adminHeaders(token) });
    expect(answer.status).toBe(201);
    expect(JSON.stringify(await answer.json())).toContain('9999');
  });

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['localhost', true],
    ['128.0.0.1', false],
    ['127.evil.com', false],
  ])('when the host is %s, then loopback is %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
