import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStack, type EmbeddedStack } from '@picus/local';
import { acknowledgedWrites, lostWrites, startLoad, tally, type LoadOutcome } from '@picus/testkit';

let stack: EmbeddedStack;

beforeAll(async () => {
  // Debug logs record each request's receipt, so the drain test can tell which requests the api took in.
  stack = await startEmbeddedStack({ handlerEnv: { LOG_LEVEL: 'debug' } });
});
afterAll(async () => {
  await stack?.stop();
});

const putRequest = (baseUrl: string, n: number, role: string) => ({
  kind: 'put',
  method: 'POST',
  url: `${baseUrl}/picus/put`,
  body: JSON.stringify({ name: `item-${n}`, role, n }),
});

describe('the api is killed (SIGKILL) during a write load', () => {
  it('when it crashes and is started again, then every item it acknowledged (201) is readable with its payload', async () => {
    const load = startLoad({
      concurrency: 8,
      maxRequests: 30_000,
      maxDurationMs: 30_000,
      next: (n) => putRequest(stack.routerUrl, n, 'crash'),
    });
    let outcomes: LoadOutcome[];
    let restartedAt = 0;
    try {
      await load.settled(500);
      const killedAt = Date.now();
      await stack.stopService('api', 'SIGKILL');
      // Down until the router has answered for the dead target: 20 requests sent after the kill got 502 or 503.
      expect(
        await load.sawOutcome((outcome) => outcome.startedAt > killedAt && (outcome.status === 502 || outcome.status === 503), 10_000, 20),
        'the router answered for the dead api',
      ).toBe(true);
      restartedAt = Date.now();
      await stack.startService('api');
      expect(
        await load.sawOutcome((outcome) => outcome.startedAt > restartedAt && outcome.status === 201, 15_000),
        'a create succeeded after the restart',
      ).toBe(true);
      await load.settled(300);
    } finally {
      outcomes = await load.stop();
    }

    const summary = JSON.stringify(tally(outcomes));
    console.info(`api SIGKILL: ${summary}`);
    // The router answers for a dead target (502 while in flight, 503 with none healthy); clients never hang.
    expect(
      outcomes.filter((outcome) => outcome.error !== undefined),
      summary,
    ).toEqual([]);
    expect(
      outcomes.some((outcome) => outcome.status === 502 || outcome.status === 503),
      `the crash was seen: ${summary}`,
    ).toBe(true);
    expect(
      outcomes.filter((outcome) => ![201, 502, 503].includes(outcome.status ?? 0)),
      summary,
    ).toEqual([]);
    expect(
      outcomes.slice(-100).filter((outcome) => outcome.status !== 201),
      `recovered: ${summary}`,
    ).toEqual([]);

    const writes = acknowledgedWrites(outcomes);
    expect(writes.length).toBeGreaterThan(500);
    expect(await lostWrites(stack.routerUrl, writes)).toEqual([]);
  }, 60_000);
});

describe('the api is stopped (SIGTERM) during load', () => {
  it('when it drains, then every request it had received is answered in full, and it exits cleanly', async () => {
    const api = stack.processes.api;
    const apiUrl = `http://127.0.0.1:${api.port}`;
    // Listing 1,000 items takes long enough that several are in flight when the signal lands.
    const seeding = startLoad({ concurrency: 8, maxRequests: 1_000, maxDurationMs: 20_000, next: (n) => putRequest(apiUrl, n, 'seed') });
    await seeding.settled(1_000);
    await seeding.stop();
    const logFile = join(stack.logDir, 'api.log');
    const logStart = readFileSync(logFile).length;

    const load = startLoad({
      concurrency: 16,
      maxRequests: 20_000,
      maxDurationMs: 30_000,
      next: (n) => (n % 2 ? { kind: 'list', method: 'GET', url: `${apiUrl}/picus/list?limit=1000` } : putRequest(apiUrl, n, 'drain')),
    });
    let outcomes: LoadOutcome[];
    let exitCode: number | null;
    let signalAt = 0;
    try {
      await load.settled(100);
      signalAt = Date.now();
      await stack.stopService('api', 'SIGTERM');
      exitCode = await api.exited;
      // Keep sending a moment: requests after the listener closed are refused, never half-served.
      await load.settled(50);
    } finally {
      outcomes = await load.stop();
    }

    const entries = readFileSync(logFile)
      .subarray(logStart)
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; requestId?: string; status?: number });
    const drainingAt = entries.findIndex((entry) => entry.msg === 'draining');
    // The load's requests only (health checks from the router are logged too).
    const fromLoad = (entry: { requestId?: string }) => entry.requestId?.startsWith('load-') ?? false;
    const received = new Set(
      entries.filter((entry) => entry.msg === 'request received' && fromLoad(entry)).map((entry) => entry.requestId),
    );
    const finishedAfterSignal = entries
      .slice(drainingAt)
      .filter((entry) => entry.msg === 'request' && fromLoad(entry))
      .map((entry) => entry.requestId);
    const inFlightAtSignal = finishedAfterSignal.filter((id) =>
      entries.slice(0, drainingAt).some((entry) => entry.msg === 'request received' && entry.requestId === id),
    );
    const summary = `${JSON.stringify(tally(outcomes))}; ${inFlightAtSignal.length} in flight at SIGTERM`;
    console.info(`api SIGTERM: ${summary}`);

    expect(drainingAt, 'the api logged that it began to drain').toBeGreaterThan(0);
    expect(exitCode).toBe(0);
    expect(inFlightAtSignal.length, 'the signal landed while requests were in flight').toBeGreaterThan(0);
    // Zero failed in-flight requests: whatever the api received, the client got a full, successful answer.
    const receivedOutcomes = outcomes.filter((outcome) => received.has(outcome.requestId));
    expect(receivedOutcomes).toHaveLength(received.size);
    // Before the signal, a busy machine may make DynamoDB slower than a request's budget: that is an
    // honest, complete 503 with Retry-After, and nothing to do with draining. From the signal on,
    // every request the api had received succeeds.
    const beforeSignal = (outcome: LoadOutcome) => outcome.endedAt < signalAt && outcome.status === 503 && outcome.retryAfter !== undefined;
    expect(
      receivedOutcomes.filter((outcome) => outcome.status !== 200 && outcome.status !== 201 && !beforeSignal(outcome)),
      summary,
    ).toEqual([]);
    for (const outcome of receivedOutcomes.filter((candidate) => candidate.kind === 'list')) {
      expect((JSON.parse(outcome.responseBody ?? '{}') as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(1_000);
    }
    // The requests that failed never reached the api: new connections after the listener closed.
    // None was reset: requests on open keep-alive connections were served with Connection: close.
    expect(outcomes.filter((outcome) => outcome.error !== undefined && received.has(outcome.requestId))).toEqual([]);
    expect(
      outcomes.filter((outcome) => outcome.error !== undefined && outcome.error !== 'ECONNREFUSED'),
      summary,
    ).toEqual([]);

    await stack.startService('api');
    expect(await lostWrites(`http://127.0.0.1:${stack.processes.api.port}`, acknowledgedWrites(outcomes))).toEqual([]);
  }, 60_000);
});
