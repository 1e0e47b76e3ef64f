import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, startEmbeddedStack, stopPid, type EmbeddedStack, type StartedProcess } from '@picus/local';
import { acknowledgedWrites, lostWrites, startLoad, tally, type LoadOutcome } from '@picus/testkit';

let stack: EmbeddedStack;

beforeAll(async () => {
  // Two api processes behind the router, as ECS runs the service.
  stack = await startEmbeddedStack({ apiReplicas: 2, deregistrationDelayMs: 5_000, handlerEnv: { LOG_LEVEL: 'info' } });
});
afterAll(async () => {
  await stack?.stop();
});

interface Targets {
  api: Array<{ port: number; state: string }>;
}
const apiTargets = async () =>
  ((await (await fetch(`${stack.adminUrl}/targets`, { headers: adminHeaders(stack.token) })).json()) as Targets).api;
const requestsServed = (logName: string) =>
  readFileSync(join(stack.logDir, `${logName}.log`), 'utf8')
    .split('\n')
    .filter((line) => line.includes('"requestId":"load-')).length;

/**
 * One ECS deployment step at minimum 100 % / maximum 200 %: the new task starts and turns healthy
 * before the old one is deregistered, drained, and sent SIGTERM.
 */
async function replace(old: StartedProcess, name: string): Promise<StartedProcess> {
  const replacement = await stack.startApiReplica(name);
  await stack.registerApi(replacement.port);
  await stack.deregisterApi(old.port);
  await stopPid(old.pid, 10_000);
  return replacement;
}

describe('rolling restart of the api behind the ALB emulator', () => {
  it('when two replicas are replaced one at a time under load, then no request fails and the new replicas take the traffic', async () => {
    const first = stack.processes.api;
    const second = stack.apiReplicas[0];
    if (!second) throw new Error('the stack started without its second api replica');
    const { id: knownId } = (await (
      await fetch(`${stack.routerUrl}/picus/put`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"known","role":"rolling"}',
      })
    ).json()) as { id: string };

    const load = startLoad({
      concurrency: 16,
      maxRequests: 60_000,
      maxDurationMs: 40_000,
      next: (n) => {
        const pick = n % 10;
        if (pick < 6) return { kind: 'get', method: 'GET', url: `${stack.routerUrl}/picus/get/${knownId}` };
        if (pick < 9)
          return {
            kind: 'put',
            method: 'POST',
            url: `${stack.routerUrl}/picus/put`,
            body: JSON.stringify({ name: `rolling-${n}`, role: 'rolling', n }),
          };
        return { kind: 'list', method: 'GET', url: `${stack.routerUrl}/picus/list?limit=20` };
      },
    });
    let outcomes: LoadOutcome[];
    try {
      await load.settled(300);
      const third = await replace(first, 'api-3');
      await load.settled(300);
      const fourth = await replace(second, 'api-4');
      await load.settled(300);
      const targets = await apiTargets();
      expect(targets.map(({ port, state }) => ({ port, state })).sort((a, b) => a.port - b.port)).toEqual(
        [third.port, fourth.port].sort((a, b) => a - b).map((port) => ({ port, state: 'healthy' })),
      );
    } finally {
      outcomes = await load.stop();
    }

    const summary = JSON.stringify(tally(outcomes));
    console.info(`rolling restart: ${summary}`);
    expect(
      outcomes.filter((outcome) => outcome.status !== 200 && outcome.status !== 201),
      summary,
    ).toEqual([]);
    // Traffic moved: the old replicas served load before, the new ones after.
    for (const name of ['api', 'api-2', 'api-3', 'api-4']) expect(requestsServed(name), `${name} served requests`).toBeGreaterThan(0);
    expect(await lostWrites(stack.routerUrl, acknowledgedWrites(outcomes))).toEqual([]);
  }, 90_000);
});
