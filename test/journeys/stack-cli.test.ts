import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@picus/test/support';
import { afterAll, describe, expect, it } from 'vitest';
import { isRunning } from '@picus/infra/local';

const run = promisify(execFile);
const cli = new URL('../../infra/dist/stack-cli.js', import.meta.url).pathname;

async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const home = mkdtempSync(join(tmpdir(), 'picus-cli-'));
const ports = { ROUTER_PORT: 0, API_PORT: 0, DELETE_FN_PORT: 0, DYNAMODB_PORT: 0 };
const env = () => ({ ...process.env, STACK: 'embedded', PICUS_STACK_HOME: home, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) });
const stack = (command: string, extraEnv: Record<string, string> = {}) =>
  run(process.execPath, [cli, command], { env: { ...env(), ...extraEnv }, timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

afterAll(async () => {
  await stack('down');
});

describe('make up / down as a user runs them (the stack CLI)', () => {
  it('when up, the flow, up again, down and up run in turn, then each behaves as documented and data survives', async () => {
    for (const name of Object.keys(ports) as Array<keyof typeof ports>) ports[name] = await freePort();
    const router = `http://127.0.0.1:${ports.ROUTER_PORT}`;

    const first = await stack('up');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`http://localhost:${ports.ROUTER_PORT}/docs`);
    expect(first.stdout).toMatch(/All services healthy in [\d.]+ s/);

    const created = await fetch(`${router}/picus/put`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Ada","role":"engineer"}' });
    const { id } = (await created.json()) as { id: string };

    const again = await stack('up');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already up');

    const status = await stack('ps');
    expect(status.stdout.match(/running +healthy/g)).toHaveLength(4);

    const pids = (JSON.parse(readFileSync(join(home, '.stack/state.json'), 'utf8')) as { services: Array<{ pid: number }> }).services.map((s) => s.pid);
    const stopped = await stack('down');
    expect(stopped.code).toBe(0);
    // A stopped service may linger unreaped (a zombie) under init; it counts as gone, as in the CLI.
    for (const pid of pids) expect(isRunning(pid), `pid ${pid} still runs`).toBe(false);
    for (const port of Object.values(ports)) expect(await portIsFree(port), `port ${port} still taken`).toBe(true);

    expect((await stack('up')).code).toBe(0);
    const got = await fetch(`${router}/picus/get/${id}`);
    expect(got.status).toBe(200);
  });

  it('when API_REPLICAS=2, then up starts two api processes behind the router, ps lists both healthy, and down stops both', async () => {
    const otherHome = mkdtempSync(join(tmpdir(), 'picus-cli-replicas-'));
    const replicaPorts = { ROUTER_PORT: await freePort(), API_PORT: await freePort(), DELETE_FN_PORT: await freePort(), DYNAMODB_PORT: await freePort() };
    const asUser = (command: string) => stack(command, { PICUS_STACK_HOME: otherHome, API_REPLICAS: '2', ...Object.fromEntries(Object.entries(replicaPorts).map(([k, v]) => [k, String(v)])) });
    try {
      const started = await asUser('up');
      expect(started.code, started.stderr).toBe(0);
      expect(started.stdout).toMatch(/\(\+1 replica on :\d+\)/);
      const listed = await asUser('ps');
      expect(listed.stdout.match(/^api +\d+ +\d+ +running +healthy/gm)).toHaveLength(2);
      // Round-robin: a handful of requests through the router reach both processes.
      for (let i = 0; i < 6; i += 1) expect((await fetch(`http://127.0.0.1:${replicaPorts.ROUTER_PORT}/picus/list?limit=1`)).status).toBe(200);
      for (const log of ['api.log', 'api-2.log']) expect(readFileSync(join(otherHome, '.stack/logs', log), 'utf8'), log).toContain('"path":"/picus/list"');
    } finally {
      const pids = (JSON.parse(readFileSync(join(otherHome, '.stack/state.json'), 'utf8')) as { services: Array<{ pid: number }> }).services.map((s) => s.pid);
      expect((await asUser('down')).code).toBe(0);
      for (const pid of pids) expect(isRunning(pid), `pid ${pid} still runs`).toBe(false);
    }
  });

  it('when API_REPLICAS is not a small whole number, then up refuses it with the allowed range', async () => {
    const refused = await stack('up', { PICUS_STACK_HOME: mkdtempSync(join(tmpdir(), 'picus-cli-bad-')), API_REPLICAS: 'lots' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('API_REPLICAS must be a whole number from 1 to 4');
  });

  it('when a port is already taken, then up fails naming the port and the variable that moves it', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as { port: number }).port;
    try {
      const otherHome = mkdtempSync(join(tmpdir(), 'picus-cli-other-'));
      const clash = await stack('up', { PICUS_STACK_HOME: otherHome, ROUTER_PORT: String(taken) });
      expect(clash.code).toBe(1);
      expect(clash.stderr).toContain(`Port ${taken} (router) is already in use`);
      expect(clash.stderr).toContain('ROUTER_PORT=<port>');
    } finally {
      squatter.close();
    }
  });
});
