/**
 * The stack `make up` starts, as a user meets it when a process dies or refuses to start: the
 * supervisor restarts a crashed handler (the router takes it back once its health checks pass), and
 * a failed start leaves nothing behind. Through the stack CLI, on a home and ports of its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isPortFree } from '@picus/infra';
import { startLoad, tally, waitFor } from '@picus/testkit';
import { cliIn, type Cli } from '../journeys/cli.js';

interface Recorded {
  supervisorPid?: number;
  services: Array<{ name: string; logName: string; pid: number; restarts?: number; lastExit?: { reason: string } }>;
}
const stateOf = (stack: Cli) => JSON.parse(readFileSync(join(stack.home, '.stack/state.json'), 'utf8')) as Recorded;
const pidOf = (stack: Cli, logName: string) => stateOf(stack).services.find((service) => service.logName === logName)?.pid;

const started: Cli[] = [];
afterAll(async () => {
  await Promise.all(started.map((stack) => stack('down')));
});

describe('a handler that dies is restarted by the stack, as ECS starts a new task', () => {
  it('when the api is killed (SIGKILL) under load, then the router serves health 200 again within 15 s from a new pid, and ps and logs say why', async () => {
    const stack = await cliIn();
    started.push(stack);
    const up = await stack('up');
    expect(up.code, up.stderr).toBe(0);
    const router = `http://127.0.0.1:${stack.ports.ROUTER_PORT}`;
    const before = pidOf(stack, 'api') as number;

    const load = startLoad({
      concurrency: 8,
      maxRequests: 20_000,
      maxDurationMs: 25_000,
      next: () => ({ kind: 'health', method: 'GET', url: `${router}/picus/health` }),
    });
    try {
      await load.settled(200);
      const killedAt = Date.now();
      process.kill(before, 'SIGKILL');
      // The router answers for the dead target meanwhile (502 or 503), then serves from the new process.
      expect(
        await load.sawOutcome((outcome) => outcome.startedAt > killedAt && outcome.status !== 200, 10_000),
        'the crash was seen through the router',
      ).toBe(true);
      await waitFor(async () => pidOf(stack, 'api') !== before && (await fetch(`${router}/picus/health`)).status === 200, {
        what: 'the router to serve health from a new api',
        timeoutMs: 15_000,
        intervalMs: 100,
      });
      console.info(`api restarted ${((Date.now() - killedAt) / 1000).toFixed(1)} s after SIGKILL`);
    } finally {
      const outcomes = await load.stop();
      expect(
        outcomes.filter((outcome) => outcome.error !== undefined),
        JSON.stringify(tally(outcomes)),
      ).toEqual([]);
    }
    const api = stateOf(stack).services.find((service) => service.logName === 'api');
    expect(api).toMatchObject({ restarts: 1, lastExit: { reason: 'killed by SIGKILL' } });
    const listed = await stack('ps');
    expect(listed.stdout).toMatch(/^api +\d+ +\d+ +running +healthy +1 \(last: killed by SIGKILL/m);
    expect(readFileSync(join(stack.home, '.stack/logs/api.log'), 'utf8')).toContain('exited unexpectedly (killed by SIGKILL)');

    // A deliberate stop is not restarted: after `make down`, nothing of the stack listens.
    const pids = stateOf(stack).services.map((service) => service.pid);
    expect((await stack('down')).code).toBe(0);
    for (const port of Object.values(stack.ports)) expect(await isPortFree(port), `port ${port} still taken`).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const port of Object.values(stack.ports)) expect(await isPortFree(port), `port ${port} taken again after down`).toBe(true);
    for (const pid of pids) expect(() => process.kill(pid, 0), `pid ${pid}`).toThrow();
  }, 90_000);
});

describe('make up is all or nothing', () => {
  it('when the api refuses its configuration, then up fails naming it in one line per problem, nothing listens after, and a good up then works', async () => {
    const stack = await cliIn();
    started.push(stack);
    const refused = await stack('up', { CURSOR_SECRET: 'short' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^(api|delete-fn) did not start \(exited with code 1\):$/m);
    expect(refused.stderr).toMatch(/^ {2}(api|delete-fn): invalid configuration: CURSOR_SECRET: /m);
    // No bundled source line, which V8 prints for an uncaught error: every line is short.
    for (const line of refused.stderr.split('\n')) expect(line.length, line.slice(0, 120)).toBeLessThan(250);
    for (const port of Object.values(stack.ports)) expect(await isPortFree(port), `port ${port} still taken`).toBe(true);

    const good = await stack('up');
    expect(good.code, good.stderr).toBe(0);
    expect((await fetch(`http://127.0.0.1:${stack.ports.ROUTER_PORT}/picus/health`)).status).toBe(200);
    expect((await stack('down')).code).toBe(0);
  }, 90_000);
});

describe('the supervisor is the stack', () => {
  it('when the supervisor itself is killed (SIGKILL), then its services stop themselves, ps says so, and up starts the stack again', async () => {
    const stack = await cliIn();
    started.push(stack);
    expect((await stack('up')).code).toBe(0);
    const { supervisorPid } = stateOf(stack);
    if (supervisorPid === undefined) throw new Error('no supervisor recorded');
    process.kill(supervisorPid, 'SIGKILL');
    await waitFor(async () => (await Promise.all(Object.values(stack.ports).map((port) => isPortFree(port)))).every(Boolean), {
      what: 'every port to be free',
      timeoutMs: 15_000,
      intervalMs: 200,
    });
    expect((await stack('ps')).stdout).toContain(`The stack's supervisor (pid ${supervisorPid}) is gone`);
    const again = await stack('up');
    expect(again.code, again.stderr).toBe(0);
    expect((await fetch(`http://127.0.0.1:${stack.ports.ROUTER_PORT}/picus/health`)).status).toBe(200);
    expect((await stack('down')).code).toBe(0);
  }, 90_000);
});
