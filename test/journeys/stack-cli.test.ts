import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, freePort, isPortFree } from '@picus/infra';
import { cliIn, type Cli } from './cli.js';
import { afterAll, describe, expect, it } from 'vitest';
import { isRunning } from '@picus/local';

const recordedPids = (home: string) =>
  (JSON.parse(readFileSync(join(home, '.stack/state.json'), 'utf8')) as { services: Array<{ pid: number }> }).services.map(
    (service) => service.pid,
  );

const started: Cli[] = [];
afterAll(async () => {
  await Promise.all(started.map((stack) => stack('down')));
});

describe('make up / down as a user runs them (the stack CLI)', () => {
  it('when up, the flow, up again, ps, down and up run in turn, then each behaves as documented and data survives', async () => {
    // The stack tells its processes apart with `ps` alone, as on macOS, which has no /proc: this
    // cycle is the path every platform takes (a test below keeps /proc out of the stack's code).
    const stack = await cliIn();
    started.push(stack);
    const router = `http://127.0.0.1:${stack.ports.ROUTER_PORT}`;

    const first = await stack('up');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`http://localhost:${stack.ports.ROUTER_PORT}/docs`);
    expect(first.stdout).toMatch(/All services healthy in [\d.]+ s/);

    const created = await fetch(`${router}/picus/put`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Ada","role":"engineer"}',
    });
    const { id } = (await created.json()) as { id: string };

    const again = await stack('up');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already up');

    const status = await stack('ps');
    expect(status.stdout.match(/running +healthy/g)).toHaveLength(5);
    expect(status.stdout).toMatch(new RegExp(`^console +\\d+ +${stack.ports.CONSOLE_PORT} +running +healthy`, 'm'));
    expect(first.stdout).toContain(`console      http://localhost:${stack.ports.CONSOLE_PORT}`);

    const pids = recordedPids(stack.home);
    const stopped = await stack('down');
    expect(stopped.code).toBe(0);
    // A stopped service may linger unreaped (a zombie) under init; it counts as gone, as in the CLI.
    for (const pid of pids) expect(isRunning(pid), `pid ${pid} still runs`).toBe(false);
    for (const port of Object.values(stack.ports)) expect(await isPortFree(port), `port ${port} still taken`).toBe(true);

    expect((await stack('up')).code).toBe(0);
    const got = await fetch(`${router}/picus/get/${id}`);
    expect(got.status).toBe(200);
  }, 90_000);

  it('when the stack was started with STACK=embedded, then ps and down without STACK act on it, even where Docker answers', async () => {
    // Only `up` is told STACK: the later commands must find the running embedded stack themselves
    // (on a machine with a Docker engine they would otherwise go to Compose and leave it running).
    const stack = await cliIn({ unset: ['STACK'] });
    started.push(stack);
    expect((await stack('up', { STACK: 'embedded' })).code).toBe(0);
    const status = await stack('ps');
    expect(status.stdout.match(/running +healthy/g)).toHaveLength(5);
    const pids = recordedPids(stack.home);
    expect((await stack('down')).code).toBe(0);
    for (const pid of pids) expect(isRunning(pid), `pid ${pid} still runs`).toBe(false);
    for (const port of Object.values(stack.ports)) expect(await isPortFree(port), `port ${port} still taken`).toBe(true);
  }, 90_000);

  it('when API_REPLICAS=2, then up starts two api processes behind the router, ps lists both healthy, and down stops both', async () => {
    const stack = await cliIn({ env: { API_REPLICAS: '2' } });
    started.push(stack);
    try {
      const up = await stack('up');
      expect(up.code, up.stderr).toBe(0);
      expect(up.stdout).toMatch(/\(\+1 replica on :\d+\)/);
      const listed = await stack('ps');
      expect(listed.stdout.match(/^api +\d+ +\d+ +running +healthy/gm)).toHaveLength(2);
      // Round-robin: a handful of requests through the router reach both processes.
      for (let i = 0; i < 6; i += 1)
        expect((await fetch(`http://127.0.0.1:${stack.ports.ROUTER_PORT}/picus/list?limit=1`)).status).toBe(200);
      for (const log of ['api.log', 'api-2.log'])
        expect(readFileSync(join(stack.home, '.stack/logs', log), 'utf8'), log).toContain('"path":"/picus/list"');
    } finally {
      const pids = recordedPids(stack.home);
      expect((await stack('down')).code).toBe(0);
      for (const pid of pids) expect(isRunning(pid), `pid ${pid} still runs`).toBe(false);
    }
  }, 60_000);

  it('when a recorded pid now belongs to another process, then ps shows the service exited and down leaves that process alone', async () => {
    const stack = await cliIn();
    started.push(stack);
    expect((await stack('up')).code).toBe(0);
    const stateFile = join(stack.home, '.stack/state.json');
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { services: Array<{ name: string; pid: number }> };
    const stranger = spawn('sleep', ['30'], { stdio: 'ignore' });
    const router = state.services.find((service) => service.name === 'router');
    if (!router || stranger.pid === undefined) throw new Error('no router recorded, or sleep did not start');
    const realRouterPid = router.pid;
    try {
      // As if the router had died and the system had given its pid to `sleep`.
      router.pid = stranger.pid;
      writeFileSync(stateFile, JSON.stringify(state));
      const listed = await stack('ps');
      expect(listed.stdout).toMatch(new RegExp(`^router +${stranger.pid} +\\d+ +exited`, 'm'));
      expect((await stack('down')).code).toBe(0);
      expect(isRunning(stranger.pid)).toBe(true);
    } finally {
      stranger.kill('SIGKILL');
      // The supervisor stopped the real router with the rest; should it not have, stop it here.
      if (isRunning(realRouterPid)) process.kill(realRouterPid, 'SIGTERM');
    }
  });

  it('when API_REPLICAS is not a small whole number, then up refuses it with the allowed range', async () => {
    const refused = await (await cliIn())('up', { API_REPLICAS: 'lots' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('API_REPLICAS: must be a whole number from 1 to 4');
  });

  it('when a port is already taken, then up fails naming the port and the variable that moves it', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as { port: number }).port;
    try {
      const clash = await (await cliIn())('up', { ROUTER_PORT: String(taken) });
      expect(clash.code).toBe(1);
      expect(clash.stderr).toContain(`Port ${taken} (router) is already in use`);
      expect(clash.stderr).toContain('ROUTER_PORT=<port>');
    } finally {
      squatter.close();
    }
  });
});

describe('.env', () => {
  it('when .env sets ROUTER_PORT, then up serves the router there; when the environment sets it too, the environment wins', async () => {
    const project = mkdtempSync(join(tmpdir(), 'picus-dotenv-'));
    const fromFile = await freePort();
    const fromEnvironment = await freePort();
    writeFileSync(join(project, '.env'), `# a developer's defaults\nROUTER_PORT=${fromFile}\n`);

    const withFile = await cliIn({ cwd: project, unset: ['ROUTER_PORT'] });
    started.push(withFile);
    const up = await withFile('up');
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain(`http://localhost:${fromFile}/docs`);
    expect((await fetch(`http://127.0.0.1:${fromFile}/picus/health`)).status).toBe(200);
    expect((await withFile('down')).code).toBe(0);

    const overridden = await cliIn({ cwd: project, env: { ROUTER_PORT: String(fromEnvironment) } });
    started.push(overridden);
    const upAgain = await overridden('up');
    expect(upAgain.code, upAgain.stderr).toBe(0);
    expect((await fetch(`http://127.0.0.1:${fromEnvironment}/picus/health`)).status).toBe(200);
    expect(await isPortFree(fromFile)).toBe(true);
    expect((await overridden('down')).code).toBe(0);
  }, 60_000);
});

describe('portability', () => {
  it('when the code that runs the stack and the handlers is searched, then nothing reads /proc (macOS has none)', () => {
    const offenders: string[] = [];
    const visit = (folder: string) => {
      for (const name of readdirSync(folder)) {
        const path = join(folder, name);
        if (name === 'node_modules' || name === 'dist' || name === 'cdk.out') continue;
        if (statSync(path).isDirectory()) visit(path);
        else if (/\.(ts|mjs|js)$/.test(name) && /\/proc\b/.test(readFileSync(path, 'utf8')))
          offenders.push(path.slice(REPO_ROOT.length + 1));
      }
    };
    for (const folder of ['infra', 'core', 'api', 'delete-fn']) visit(join(REPO_ROOT, folder));
    expect(offenders).toEqual([]);
  });
});
