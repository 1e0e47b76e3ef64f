/**
 * Side by side with the seed's own service (../shared/peer: FastAPI + boto3, one uvicorn worker):
 * both on the same embedded DynamoDB and table, loaded by wrk at 50 connections with the peer's own
 * wrk script, in one run (this machine's speed varies too much between runs to compare across them).
 * Rows: get, list of 100, put (last, so it does not grow the table before list), each the api direct
 * against the peer; and get through the router against the api direct. Prints ratios.
 *
 * Skipped, with the reason, when the peer cannot run: no wrk, no python3 with fastapi, uvicorn and
 * boto3 (`apt-get install -y python3-fastapi python3-uvicorn python3-boto3 wrk`), or no peer folder
 * (PEER_DIR, default ../shared/peer beside the repository).
 *
 * Standalone: `node bench/dist/peer-compare.js` starts its own embedded stack (free ports).
 * PEER_BENCH_S (default 3) and PEER_WARMUP_S (default 1) bound each row.
 */
import { REPO_ROOT } from '@picus/infra';
import { startEmbeddedStack, type EmbeddedStack } from '@picus/local';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { spawnService } from './spawn-service.js';
import { median } from './stats.js';

const run = promisify(execFile);
const SECONDS = Number(process.env.PEER_BENCH_S ?? 3);
const WARMUP_S = Number(process.env.PEER_WARMUP_S ?? 1);
const CONNECTIONS = 50;
const LIST_ITEMS = 100;
/** Rounds of get from the api direct, through the router and through a bare proxy, one turn each. */
const ROUTER_ROUNDS = 5;
const PUT_BODY = JSON.stringify({ name: 'Bench User', role: 'SRE Engineer', team: 'Platform' });

export interface WrkResult {
  readonly rps: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly non2xx: number;
  readonly socket_errors: number;
}
export interface PeerRow {
  readonly route: 'get' | 'list of 100' | 'put';
  readonly api: WrkResult;
  readonly peer: WrkResult;
  /** api req/s over peer req/s. */
  readonly ratio: number;
}
export type PeerComparison =
  | { readonly skipped: string }
  | { readonly failed: string }
  | {
      readonly rows: readonly PeerRow[];
      /** Get through the router, from the api direct and through a bare Node proxy: the turn of median rate of each. */
      readonly routerGet: WrkResult;
      readonly apiGet: WrkResult;
      readonly bareProxyGet: WrkResult;
      /** The router's rate over the api direct's: the median of each round's ratio (turns in rotation). */
      readonly routerRatio: number;
      /** The bare proxy's rate over the api direct's: what any Node proxy on this machine reaches. */
      readonly bareProxyRatio: number;
    };

/** Why the peer cannot run here, or undefined when it can. */
export async function peerUnavailable(peerDir: string): Promise<string | undefined> {
  if (!existsSync(join(peerDir, 'serve.sh')) || !existsSync(join(peerDir, 'bench.lua'))) return `no peer at ${peerDir} (set PEER_DIR)`;
  if (
    !(await run('wrk', ['--version']).then(
      () => true,
      (error: { code?: unknown }) => error.code !== 'ENOENT',
    ))
  )
    return 'wrk is not installed';
  const python = await run('/usr/bin/python3', ['-c', 'import fastapi, uvicorn, boto3']).then(
    () => undefined,
    () => 'python3 lacks fastapi, uvicorn or boto3',
  );
  return python ? `${python} (apt-get install -y python3-fastapi python3-uvicorn python3-boto3 wrk)` : undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the peer exited with ${child.exitCode}`);
    const ok = await fetch(`${baseUrl}/picus/health`, { signal: AbortSignal.timeout(1_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`the peer did not answer ${baseUrl}/picus/health within ${timeoutMs} ms`);
}

async function wrk(peerDir: string, url: string, scenario: string, method: 'GET' | 'POST', seconds: number): Promise<WrkResult> {
  const env = { ...process.env, SCENARIO: scenario, METHOD: method, BODY: method === 'POST' ? PUT_BODY : '' };
  const { stdout } = await run(
    'wrk',
    ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '5s', '-s', join(peerDir, 'bench.lua'), url],
    { env, timeout: (seconds + 20) * 1000 },
  );
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('{'));
  if (!line) throw new Error(`wrk printed no result for ${url}:\n${stdout}`);
  return JSON.parse(line) as WrkResult;
}

async function createItem(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/picus/put`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: PUT_BODY });
  if (response.status !== 201) throw new Error(`POST ${baseUrl}/picus/put answered ${response.status}`);
  return ((await response.json()) as { id: string }).id;
}

const PEER_DIR = process.env.PEER_DIR ?? resolve(REPO_ROOT, '../shared/peer');

/**
 * The whole row for `make bench`: when the peer can run, a fresh embedded stack of its own (so list
 * reads 100 items), the comparison, the stack stopped; why not, when it could not.
 */
export async function benchPeer(logDir?: string): Promise<PeerComparison> {
  const unavailable = await peerUnavailable(PEER_DIR);
  if (unavailable) return { skipped: unavailable };
  // As deployed: NODE_ENV=production (no response validation), the task's heap flags, no tracing.
  const stack = await startEmbeddedStack({ production: true, ...(logDir ? { logDir } : {}) });
  try {
    return await comparePeer(stack);
  } catch (error) {
    return { failed: (error as Error).message };
  } finally {
    await stack.stop();
  }
}

/** Runs the comparison on `stack` (its table should hold at most 100 items: list reads them all). */
export async function comparePeer(stack: EmbeddedStack, peerDir = PEER_DIR): Promise<PeerComparison> {
  const unavailable = await peerUnavailable(peerDir);
  if (unavailable) return { skipped: unavailable };
  const port = await freePort();
  const peerUrl = `http://127.0.0.1:${port}`;
  const log = openSync(join(tmpdir(), `picus-peer-${port}.log`), 'a');
  const peer = spawn(join(peerDir, 'serve.sh'), ['--no-access-log'], {
    env: {
      ...process.env,
      PORT: String(port),
      WORKERS: '1',
      DYNAMODB_ENDPOINT: stack.dynamodbEndpoint,
      DYNAMODB_TABLE_NAME: stack.tableName,
      AWS_REGION: 'us-east-1',
    },
    stdio: ['ignore', log, log],
  });
  try {
    await waitForHealth(peerUrl, peer);
    const measure = async (baseUrl: string, path: string, scenario: string, method: 'GET' | 'POST' = 'GET') => {
      if (WARMUP_S > 0) await wrk(peerDir, `${baseUrl}${path}`, scenario, method, WARMUP_S);
      return wrk(peerDir, `${baseUrl}${path}`, scenario, method, SECONDS);
    };
    const id = await createItem(stack.apiUrl);
    const count = ((await (await fetch(`${stack.apiUrl}/picus/list`)).json()) as { items: unknown[] }).items.length;
    for (let i = count; i < LIST_ITEMS; i += 1) await createItem(stack.apiUrl);
    const rows: PeerRow[] = [];
    const row = async (route: PeerRow['route'], path: string, scenario: string, method: 'GET' | 'POST' = 'GET') => {
      const api = await measure(stack.apiUrl, path, scenario, method);
      const other = await measure(peerUrl, path, scenario, method);
      rows.push({ route, api, peer: other, ratio: Math.round((api.rps / other.rps) * 100) / 100 });
      return api;
    };
    await row('get', `/picus/get/${id}`, 'get');
    // The router against the api direct, and a bare Node proxy as the floor, in turns (api, router,
    // bare, api, ...), so that none gets the machine's quieter moment or the stack's warmer JIT.
    const bare = await spawnService(join(REPO_ROOT, 'bench/dist/bare-proxy.js'), {
      env: { TARGET_PORT: new URL(stack.apiUrl).port },
      logFile: join(tmpdir(), `picus-bare-proxy-${port}.log`),
    });
    const turns: { api: WrkResult[]; router: WrkResult[]; bare: WrkResult[] } = { api: [], router: [], bare: [] };
    try {
      for (let round = 0; round < ROUTER_ROUNDS; round += 1) {
        turns.api.push(await measure(stack.apiUrl, `/picus/get/${id}`, 'get'));
        turns.router.push(await measure(stack.routerUrl, `/picus/get/${id}`, 'get'));
        turns.bare.push(await measure(`http://127.0.0.1:${bare.port}`, `/picus/get/${id}`, 'get'));
      }
    } finally {
      await bare.stop();
    }
    const [apiGet, routerGet, bareProxyGet] = [medianByRate(turns.api), medianByRate(turns.router), medianByRate(turns.bare)];
    // Each round's ratio to the api's turn in the same round, then their median: this machine's speed
    // drifts over a minute by more than the router costs, and adjacent turns share most of the drift.
    const pairedRatio = (runs: readonly WrkResult[]) =>
      Math.round(median(runs.map((result, round) => result.rps / (turns.api[round] as WrkResult).rps)) * 100) / 100;
    await row('list of 100', '/picus/list', 'list');
    await row('put', '/picus/put', 'put', 'POST');
    return { rows, routerGet, apiGet, bareProxyGet, routerRatio: pairedRatio(turns.router), bareProxyRatio: pairedRatio(turns.bare) };
  } finally {
    await stopPeer(peer);
  }
}

/** The run with the median rate. */
function medianByRate(runs: readonly WrkResult[]): WrkResult {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (!middle) throw new Error('no runs to take the median of');
  return middle;
}

/** SIGTERM, then SIGKILL after 3 s: uvicorn waits for its thread pool's queued calls before it exits. */
async function stopPeer(peer: ChildProcess): Promise<void> {
  if (peer.exitCode !== null || peer.signalCode !== null) return;
  const exited = new Promise<void>((done) => peer.once('exit', () => done()));
  peer.kill('SIGTERM');
  const timer = setTimeout(() => peer.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

/** The comparison as lines for the run's output. */
export function describePeerComparison(result: PeerComparison): string[] {
  if ('skipped' in result) return [`Peer comparison skipped: ${result.skipped}.`];
  if ('failed' in result) return [`Peer comparison failed: ${result.failed}`];
  const cell = (r: WrkResult) =>
    `${Math.round(r.rps)} req/s (p99 ${r.p99_ms} ms${r.non2xx + r.socket_errors ? `, ${r.non2xx} non-2xx, ${r.socket_errors} socket errors` : ''})`;
  return [
    `Side by side with the FastAPI peer (wrk, ${CONNECTIONS} connections, ${SECONDS} s per row, same DynamoDB):`,
    ...result.rows.map((r) => `  ${r.route}: api ${cell(r.api)}, peer ${cell(r.peer)}: ${r.ratio} × the peer`),
    `  router get: ${cell(result.routerGet)}: ${result.routerRatio} × the api direct (${cell(result.apiGet)}); a bare Node proxy ${cell(result.bareProxyGet)}: ${result.bareProxyRatio} ×; rates are medians of ${ROUTER_ROUNDS} turns, ratios medians of each round's`,
  ];
}

if (process.argv[1] && resolve(process.argv[1]).endsWith('peer-compare.js')) {
  for (const line of describePeerComparison(await benchPeer())) console.log(line);
  process.exit();
}
