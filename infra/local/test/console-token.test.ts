import { serve, type Served } from '@picus/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admitWithToken, isLoopback } from '../console/console-token.js';

/** The console's token gate on a real server: what a script on the network meets when the console binds beyond loopback. */
const TOKEN = 'a-console-token-of-some-length';
let gate: Served;

beforeAll(async () => {
  gate = await serve((req, res) => {
    if (admitWithToken(req, res, new URL(req.url ?? '/', 'http://console'), TOKEN)) res.end('in');
  });
});
afterAll(async () => {
  await gate.close();
});

describe('the console token', () => {
  it('when a request carries no token or a wrong one, then it is answered 401 as problem+json', async () => {
    const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer wrong' }, { cookie: 'picus_console_token=wrong' }];
    for (const headers of attempts) {
      const refused = await fetch(`${gate.baseUrl}/api/services`, { headers });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('when the page is opened once with ?token=, then it gets a strict cookie that admits its later calls', async () => {
    const opened = await fetch(`${gate.baseUrl}/?token=${TOKEN}`);
    expect(opened.status).toBe(200);
    const cookie = opened.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect((await fetch(`${gate.baseUrl}/api/services`, { headers: { cookie: cookie.split(';')[0] ?? '' } })).status).toBe(200);
    expect((await fetch(`${gate.baseUrl}/api/services`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('when an address is loopback, then it is told apart from the others', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', 'localhost'])
      expect(isLoopback(address), address).toBe(true);
    for (const address of ['0.0.0.0', '::', '192.168.1.10', '::ffff:10.0.0.1', 'example.com'])
      expect(isLoopback(address), address).toBe(false);
  });
});
