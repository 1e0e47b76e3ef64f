import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStack, type EmbeddedStack } from '@picus/local';
import { acknowledgedWrites, lostWrites, startLoad, tally, type LoadOutcome } from '@picus/testkit';

// DynamoDB keeps its data on disk here, so the items written before the outage are there after it.
const dataDir = mkdtempSync(join(tmpdir(), 'picus-outage-data-'));
let stack: EmbeddedStack;

beforeAll(async () => {
  stack = await startEmbeddedStack({ dataDir, handlerEnv: { LOG_LEVEL: 'warn' } });
});
afterAll(async () => {
  await stack?.stop();
});

describe('DynamoDB stops during load and comes back', () => {
  it('when DynamoDB is killed, then every request is answered 503 with Retry-After within 2 s, and the stack recovers on its own when it returns', async () => {
    const seeded = await fetch(`${stack.routerUrl}/picus/put`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"before","role":"outage"}',
    });
    const { id: seededId } = (await seeded.json()) as { id: string };

    const load = startLoad({
      concurrency: 8,
      maxRequests: 40_000,
      maxDurationMs: 30_000,
      next: (n) =>
        n % 5 < 3
          ? { kind: 'get', method: 'GET', url: `${stack.routerUrl}/picus/get/${seededId}` }
          : {
              kind: 'put',
              method: 'POST',
              url: `${stack.routerUrl}/picus/put`,
              body: JSON.stringify({ name: `item-${n}`, role: 'outage', n }),
            },
    });
    let outcomes: LoadOutcome[];
    let downAt = 0;
    let upAt = 0;
    try {
      await load.settled(300);
      downAt = Date.now();
      await stack.stopService('dynamodb', 'SIGKILL');
      // The outage lasts until clients have felt it: 30 requests sent after the kill answered 503.
      expect(
        await load.sawOutcome((outcome) => outcome.startedAt > downAt + 200 && outcome.status === 503, 15_000, 30),
        'requests during the outage were answered 503',
      ).toBe(true);
      // It answers from the moment it listens, a little before startService resolves.
      upAt = Date.now();
      await stack.startService('dynamodb');
      // Recovery needs no restart of the handlers: their SDK clients reconnect on the next call.
      expect(
        await load.sawOutcome((outcome) => outcome.startedAt > upAt && outcome.status === 201, 10_000),
        'a create succeeded after DynamoDB returned',
      ).toBe(true);
      await load.settled(300);
    } finally {
      outcomes = await load.stop();
    }

    const summary = JSON.stringify(tally(outcomes));
    const slowest503 = Math.max(
      0,
      ...outcomes.filter((outcome) => outcome.status === 503).map((outcome) => outcome.endedAt - outcome.startedAt),
    );
    console.info(`dynamodb outage: ${summary}; slowest 503 took ${slowest503} ms`);
    // No hang and no dropped connection: every request got an HTTP answer, and only these.
    expect(
      outcomes.filter((outcome) => outcome.error !== undefined),
      summary,
    ).toEqual([]);
    expect(new Set(outcomes.map((outcome) => outcome.status)), summary).toEqual(new Set([200, 201, 503]));

    const unavailable = outcomes.filter((outcome) => outcome.status === 503);
    for (const outcome of unavailable) {
      expect(outcome.retryAfter, 'a 503 tells the client when to retry').toMatch(/^\d+$/);
      expect(JSON.parse(outcome.responseBody ?? '{}')).toMatchObject({ status: 503, type: '/problems/service-unavailable' });
      expect(
        outcome.endedAt - outcome.startedAt,
        `a request during the outage took ${outcome.endedAt - outcome.startedAt} ms`,
      ).toBeLessThan(2_000);
    }
    // While DynamoDB was down (with a margin for the kill to land), nothing succeeded.
    const duringOutage = outcomes.filter((outcome) => outcome.startedAt > downAt + 200 && outcome.endedAt < upAt);
    expect(duringOutage.length, summary).toBeGreaterThan(20);
    expect(
      duringOutage.filter((outcome) => outcome.status !== 503),
      summary,
    ).toEqual([]);

    // Recovered: the last requests all succeed again.
    expect(
      outcomes.slice(-100).filter((outcome) => outcome.status !== 200 && outcome.status !== 201),
      summary,
    ).toEqual([]);
    // Nothing acknowledged was lost, before, during or after the outage.
    const writes = acknowledgedWrites(outcomes);
    expect(writes.length).toBeGreaterThan(100);
    expect(await lostWrites(stack.routerUrl, [{ id: seededId, payload: { name: 'before', role: 'outage' } }, ...writes])).toEqual([]);
  }, 60_000);

  it('when DynamoDB hangs (frozen, connections accepted but never answered), then requests still get 503 within 2 s and succeed once it resumes', async () => {
    const load = startLoad({
      concurrency: 8,
      maxRequests: 20_000,
      maxDurationMs: 30_000,
      next: (n) => ({
        kind: 'put',
        method: 'POST',
        url: `${stack.routerUrl}/picus/put`,
        body: JSON.stringify({ name: `frozen-${n}`, role: 'outage', n }),
      }),
    });
    let outcomes: LoadOutcome[];
    const { pid } = stack.processes.dynamodb;
    let frozenAt = 0;
    let resumedAt = 0;
    try {
      await load.settled(100);
      frozenAt = Date.now();
      process.kill(pid, 'SIGSTOP');
      // Frozen until every client has waited out a full round of SDK timeouts: 8 requests sent
      // after the freeze answered 503.
      expect(
        await load.sawOutcome((outcome) => outcome.startedAt > frozenAt + 50 && outcome.status === 503, 15_000, 8),
        'requests during the freeze were answered 503',
      ).toBe(true);
      resumedAt = Date.now();
      process.kill(pid, 'SIGCONT');
      await load.settled(200);
    } finally {
      process.kill(pid, 'SIGCONT');
      outcomes = await load.stop();
    }

    const summary = JSON.stringify(tally(outcomes));
    const slowest = Math.max(...outcomes.map((outcome) => outcome.endedAt - outcome.startedAt));
    console.info(`dynamodb frozen: ${summary}; slowest answer took ${slowest} ms`);
    expect(
      outcomes.filter((outcome) => outcome.error !== undefined),
      summary,
    ).toEqual([]);
    expect(slowest, 'the SDK timeouts bound every request').toBeLessThan(2_000);
    const duringFreeze = outcomes.filter((outcome) => outcome.startedAt > frozenAt + 50 && outcome.endedAt < resumedAt);
    expect(duringFreeze.length, summary).toBeGreaterThanOrEqual(8);
    expect(
      duringFreeze.filter((outcome) => outcome.status !== 503),
      summary,
    ).toEqual([]);
    expect(duringFreeze.every((outcome) => outcome.retryAfter !== undefined)).toBe(true);
    expect(
      outcomes.slice(-50).filter((outcome) => outcome.status !== 201),
      summary,
    ).toEqual([]);
    expect(await lostWrites(stack.routerUrl, acknowledgedWrites(outcomes))).toEqual([]);
  }, 60_000);
});
