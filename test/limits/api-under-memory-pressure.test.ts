import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, topology } from '@picus/infra';
import { startProcess, stopStarted, type StartedProcess } from '@picus/local';
import { createItemStoreFromConfig, loadConfig, type Item } from '@picus/core';
import { startTestDatabase, waitFor, type TestDatabase } from '@picus/testkit';

/**
 * The bundled api, started as its ECS task starts it (the topology's heap flags, the default memory
 * budget), over an embedded DynamoDB holding items near DynamoDB's 400 KiB limit: load that used to
 * exhaust the heap must now be answered, in full or with 503 + Retry-After, by the same process.
 */
const ITEM_COUNT = 100;
const ITEM_BYTES = 380 * 1024;
/** Short, so the slow readers are cut within the test; the default is 10 s. */
const WRITE_DEADLINE_MS = 1_000;
/**
 * How long a slow reader reads nothing: long enough for the api to fill the socket buffers (several
 * MB on loopback, a Scan page at a time) and then wait out its write deadline, however busy the machine.
 */
const PAUSE_MS = 10 * WRITE_DEADLINE_MS;

let db: TestDatabase;
let api: StartedProcess;
let apiUrl: string;
let logFile: string;
const items: Item[] = [];

beforeAll(async () => {
  db = await startTestDatabase();
  const store = createItemStoreFromConfig(loadConfig(db.env));
  const blob = 'x'.repeat(ITEM_BYTES);
  // Written from here, a few at a time: seeding is not what is under test.
  for (let i = 0; i < ITEM_COUNT; i += 5)
    items.push(...(await Promise.all(Array.from({ length: 5 }, (_, j) => store.put({ name: `big-${i + j}`, role: 'r', blob })))));
  logFile = join(mkdtempSync(join(tmpdir(), 'picus-limits-')), 'api.log');
  api = await startProcess({
    name: 'api',
    script: join(REPO_ROOT, 'api/dist/server.js'),
    env: { ...db.env, PORT: '0', LOG_LEVEL: 'info', WRITE_DEADLINE_MS: String(WRITE_DEADLINE_MS) },
    nodeFlags: topology.targetGroups.api.nodeFlags,
    logFile,
    detached: false,
    readiness: 'first-listen',
    token: randomUUID(),
  });
  apiUrl = `http://127.0.0.1:${api.port}`;
}, 120_000);

afterAll(async () => {
  if (api) await stopStarted(api, 10_000);
  await db?.stop();
});

interface Answer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly contentType: string | null;
}

async function getAnswer(url: string): Promise<Answer> {
  const response = await fetch(url);
  await response.arrayBuffer();
  return { status: response.status, retryAfter: response.headers.get('retry-after'), contentType: response.headers.get('content-type') };
}

/** The api's memory budget counters and peak RSS, as it logs them on SIGUSR2. */
async function budgetStats(): Promise<{ capacityBytes: number; peakBytes: number; shed: number }> {
  const before = readFileSync(logFile, 'utf8').length;
  process.kill(api.pid, 'SIGUSR2');
  let line: string | undefined;
  await waitFor(
    () =>
      (line = readFileSync(logFile, 'utf8')
        .slice(before)
        .split('\n')
        .find((entry) => entry.includes('"memoryBudget"'))) !== undefined,
    { what: 'the api to log its budget' },
  );
  return (JSON.parse(line ?? '{}') as { memoryBudget: { capacityBytes: number; peakBytes: number; shed: number } }).memoryBudget;
}

const peakRssMiB = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${api.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

describe('the heap flags and the memory budget, set together (docs/limits.md)', () => {
  it('when either changes, then the budget stays within half the old generation and the worst case within the task with 128 MB spare', () => {
    const flag = (name: string) => Number(topology.targetGroups.api.nodeFlags.find((f) => f.startsWith(`--${name}=`))?.split('=')[1]);
    const [oldSpaceMiB, semiSpaceMiB] = [flag('max-old-space-size'), flag('max-semi-space-size')];
    const budgetMiB = loadConfig({}).MEMORY_BUDGET_MIB;
    expect(budgetMiB * 2).toBeLessThanOrEqual(oldSpaceMiB);
    // Node and the bundled code resident (~105 MB) and buffers outside the heap (~30 MB), as docs/limits.md counts them.
    expect(105 + oldSpaceMiB + 3 * semiSpaceMiB + 30).toBeLessThanOrEqual(512 - 128);
  });
});

describe('the api under memory pressure, with the heap flags its task runs', () => {
  it('when 100 gets of ~380 KiB items arrive at once, three rounds, then each is answered 200 or 503 with Retry-After, and the same process serves on', async () => {
    const seen: Record<number, number> = {};
    for (let round = 0; round < 3; round += 1) {
      const answers = await Promise.all(items.map((item) => getAnswer(`${apiUrl}/picus/get/${item.id}`)));
      for (const answer of answers) {
        seen[answer.status] = (seen[answer.status] ?? 0) + 1;
        if (answer.status === 503)
          expect(answer).toMatchObject({
            retryAfter: expect.stringMatching(/^\d+$/),
            contentType: expect.stringContaining('application/problem+json'),
          });
        else expect(answer.status).toBe(200);
      }
    }
    console.info(
      `100 gets × 3 rounds of ${ITEM_BYTES / 1024} KiB items: ${JSON.stringify(seen)}; api peak RSS ${Math.round(peakRssMiB())} MiB`,
    );
    expect(seen[200]).toBeGreaterThan(0);
    expect(api.isAlive()).toBe(true);
    expect((await getAnswer(`${apiUrl}/picus/health`)).status).toBe(200);
    expect(peakRssMiB()).toBeLessThan(512);
  }, 120_000);

  it('when a client lists every item, then the answer stops at the byte cap with a next_cursor that continues after it', async () => {
    const response = await fetch(`${apiUrl}/picus/list`);
    const text = await response.text();
    const page = JSON.parse(text) as { items: Item[]; next_cursor?: string };
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(16 * 1024 * 1024 + 1024);
    expect(page.items.length).toBeLessThan(ITEM_COUNT);
    expect(page.next_cursor).toBeDefined();
    const rest = (await (await fetch(`${apiUrl}/picus/list?cursor=${encodeURIComponent(page.next_cursor ?? '')}`)).json()) as {
      items: Item[];
    };
    const listed = new Set([...page.items, ...rest.items].map((item) => item.id));
    expect(rest.items.some((item) => page.items.some((first) => first.id === item.id))).toBe(false);
    expect(listed.size).toBeGreaterThan(page.items.length);
  }, 120_000);

  it('when 50 clients list every item and stop reading, then they are cut off, the api stays within its budget, and it serves on', async () => {
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => slowListAll(`${apiUrl}/picus/list`)));
    const byOutcome = outcomes.reduce<Record<string, number>>(
      (counts, outcome) => ({ ...counts, [outcome]: (counts[outcome] ?? 0) + 1 }),
      {},
    );
    const stats = await budgetStats();
    console.info(
      `50 slow list-all readers: ${JSON.stringify(byOutcome)}; budget ${JSON.stringify(stats)}; api peak RSS ${Math.round(peakRssMiB())} MiB`,
    );
    // Each was either cut off while it did not read, or refused (503) when the queue was full.
    expect(outcomes.filter((outcome) => outcome !== 'cut off' && outcome !== '503')).toEqual([]);
    expect(byOutcome['cut off']).toBeGreaterThan(0);
    expect(stats.peakBytes).toBeLessThanOrEqual(stats.capacityBytes);
    expect(peakRssMiB()).toBeLessThan(512);
    expect(api.isAlive()).toBe(true);
    expect((await getAnswer(`${apiUrl}/picus/health`)).status).toBe(200);
    expect((await getAnswer(`${apiUrl}/picus/get/${items[0]?.id}`)).status).toBe(200);
  }, 180_000);
});

/**
 * Reads the status line and headers, then nothing for {@link PAUSE_MS}, then the rest: was the
 * answer complete, or cut off while the client did not read? (A cut shows only once the client
 * reads again: the bytes already in the socket buffers come first.)
 */
function slowListAll(url: string): Promise<'cut off' | '503' | 'complete' | string> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      if (res.statusCode === 503) {
        res.resume();
        return resolve('503');
      }
      res.pause();
      setTimeout(() => res.resume(), PAUSE_MS);
      res.on('error', () => undefined);
      res.on('close', () => resolve(res.complete ? 'complete' : 'cut off'));
    });
    req.on('error', (error) => resolve(`error: ${error.message}`));
    req.end();
  });
}
