/**
 * `make bench`: load scenarios against the embedded stack (the api directly and through the ALB
 * emulator), a bare node:http baseline, the embedded DynamoDB alone, the handlers as deployed vs
 * in development (response validation on), Lambda cold init and `make up` time; writes bench/results/latest.{json,md}.
 *
 * Every process it starts is stopped at the end, on an error and on Ctrl-C.
 * BENCH_DURATION_S / BENCH_WARMUP_S shorten a run while working on the bench itself.
 */
import { REPO_ROOT, topology } from '@picus/infra';
import { startEmbeddedStack, type EmbeddedStack } from '@picus/local';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchWindow, readBatchCounts, type BatchWindow } from './batch-counts.js';
import { Cleanup } from './cleanup.js';
import { measureColdInit, type ColdInitRun } from './cold-init.js';
import { describeColdInitRatio, measureColdInitRatio, type ColdInitRatio } from './lambda-cold-init-ratio.js';
import { seedItems } from './dynamodb-http.js';
import { runLoad, type LoadTarget, type RunOptions } from './load-runner.js';
import { describeMachine } from './machine.js';
import { measureMarshalling } from './marshalling.js';
import {
  checkTargets,
  computeRatios,
  DEVELOPMENT_ROW,
  find,
  renderMarkdown,
  summarizeColdInit,
  type BenchReport,
  type BenchSettings,
  type ScenarioResult,
  type Via,
} from './report.js';
import { CONNECTIONS, IdPool, Tally, dynamoDbGet, dynamoDbPut, get, health, list, listAll, mix, put, remove, stream } from './scenarios.js';
import { rssMiB } from './proc-stats.js';
import { spawnService } from './spawn-service.js';
import { measureSdkFloor, type SdkFloor } from './sdk-floor-measure.js';
import { benchPeer } from './peer-compare.js';
import { measureStackUp } from './stack-up-time.js';
import { benchTracing } from './tracing-cost.js';
import { benchLimits } from './limits.js';
import { startVcpuProbe, type VcpuProbe } from './vcpu-probe.js';
import { median, round } from './stats.js';

/**
 * The handlers' mode for every row but the development pair: NODE_ENV=production, with a cursor key
 * of the run's own (production refuses the public default), as `NODE_ENV=production make up` runs.
 */
const AS_DEPLOYED = { NODE_ENV: 'production', CURSOR_SECRET: randomBytes(32).toString('hex') };
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 1);
/** The count bound of every scenario; far above what 5 s reach here, it only stops a runaway. */
const MAX_REQUESTS = 200_000;
const WARMUP_MAX_REQUESTS = 40_000;
/** Each DELETE consumes a seeded id: per delete scenario, measured + warm-up. */
const DELETE_CAP = 12_000;
const DELETE_WARMUP_CAP = 2_500;
/** The mixes' deletes (10 % of requests): their own budget. */
const MIX_DELETE_CAP = 5_000;
const MIX_DELETE_WARMUP_CAP = 1_000;
/** Deletes in the warm-up of a fresh process (see {@link prewarm}). */
const PREWARM_DELETE_CAP = 1_500;
const READ_IDS = 2_000;
const DELETE_IDS = 2 * (DELETE_CAP + DELETE_WARMUP_CAP) + 2 * (MIX_DELETE_CAP + MIX_DELETE_WARMUP_CAP) + 2 * PREWARM_DELETE_CAP;
/** How long a freshly started process gets every kind of request before anything is measured. */
const PREWARM_S = 2;
/** A list of every item is ~1 MB and costs ~100 ms: a few connections show its cost without queueing. */
const LIST_ALL_CONNECTIONS = 4;
const COLD_INIT_RUNS = 5;
/**
 * The api's heap bounds (old generation, and the young generation's semi-spaces), as its start command (api/package.json), the image (docker/Dockerfile) and the ECS task
 * set it: without it V8 sizes the heap from the machine's RAM and RSS grows to match.
 */
const API_NODE_OPTIONS = topology.targetGroups.api.nodeFlags.join(' ');
/** The autocannon that generates the load, as installed. */
const AUTOCANNON_VERSION = (
  JSON.parse(readFileSync(createRequire(import.meta.url).resolve('autocannon/package.json'), 'utf8')) as { version: string }
).version;
const STACK_UP_RUNS = 3;

const cleanup = new Cleanup();
const startedAt = performance.now();
const workDir = mkdtempSync(join(tmpdir(), 'picus-bench-'));
cleanup.add(async () => rmSync(workDir, { recursive: true, force: true }));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping every process the bench started…`);
    void cleanup.runAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

const scenarios: ScenarioResult[] = [];
/** Started before anything else (its reference is the idle machine); every scenario reads it. */
let vcpuProbe: VcpuProbe | undefined;

/**
 * Sends every kind of request to freshly started processes, discarded. A scenario's own 1 s warm-up
 * is not enough for a cold process: without this the first scenarios (the direct ones) ran ~15 %
 * slower than the same load minutes later, and router/direct ratios read above 1.
 */
async function prewarm(what: string, targets: LoadTarget[]): Promise<void> {
  process.stdout.write(`  (warming up ${what}, ${PREWARM_S} s, not measured)\n`);
  await runLoad(targets, { durationS: PREWARM_S, warmupS: 0, watch: {} });
}

interface ScenarioExtras {
  /** The api whose DynamoDB batches are counted over the run (see batch-counts.ts). */
  readonly batchesOf?: { readonly pid: number; readonly logFile: string };
  readonly tally?: Tally;
  readonly note?: string;
  readonly afterWarmup?: RunOptions['afterWarmup'];
}

async function scenario(
  name: string,
  via: Via,
  servedBy: string,
  targets: LoadTarget[],
  watch: Record<string, number>,
  extra: ScenarioExtras = {},
): Promise<ScenarioResult> {
  process.stdout.write(`  ${`${name} via ${via}`.padEnd(36)} `);
  let before = extra.batchesOf && (await readBatchCounts(extra.batchesOf.pid, extra.batchesOf.logFile));
  const result = await runLoad(targets, {
    durationS: DURATION_S,
    warmupS: WARMUP_S,
    watch,
    ...(vcpuProbe ? { vcpuProbe } : {}),
    afterWarmup: (rates) => {
      // Counted from the end of the warm-up: the next read comes before the measured run starts.
      void (extra.batchesOf && readBatchCounts(extra.batchesOf.pid, extra.batchesOf.logFile).then((counts) => (before = counts ?? before)));
      return extra.afterWarmup?.(rates);
    },
  });
  const after = extra.batchesOf && (await readBatchCounts(extra.batchesOf.pid, extra.batchesOf.logFile));
  const batches: BatchWindow | undefined = before && after ? batchWindow(before, after) : undefined;
  const served = result.processes[servedBy];
  const done: ScenarioResult = {
    name,
    via,
    servedBy,
    ...result,
    ...(extra.tally ? { shares: extra.tally.shares() } : {}),
    ...(extra.note ? { note: extra.note } : {}),
    ...(batches ? { batches } : {}),
  };
  scenarios.push(done);
  console.log(
    `${String(result.requestsPerSecond).padStart(6)}/s  p50 ${result.latencyMs.p50} ms  p99 ${result.latencyMs.p99} ms  errors ${result.errors}  non-2xx ${result.non2xx}` +
      (served ? `  ${servedBy} ${served.cpuUsPerRequest} µs/req, ${served.rssPeakMiB} MB` : '') +
      (batches ? `  keys/call get ${batches.reads.keysPerCall} put ${batches.writes.keysPerCall}` : '') +
      `  CPU % load gen ${result.loadGeneratorCpuPercent}, others ${result.otherCpuPercent}` +
      (result.vcpuSpeed === undefined ? '' : `  vCPU speed ${result.vcpuSpeed}`),
  );
  return done;
}

async function benchBareHttp(): Promise<void> {
  console.log('Bare node:http server (its own process):');
  const bare = await spawnService(join(REPO_ROOT, 'bench/dist/bare-http-server.js'), { logFile: join(workDir, 'bare.log') });
  const unregister = cleanup.add(() => bare.stop());
  try {
    const url = `http://127.0.0.1:${bare.port}`;
    await scenario(
      'health',
      'bare node:http',
      'bare',
      [stream(url, [health()], { maxRequests: MAX_REQUESTS, warmupMaxRequests: WARMUP_MAX_REQUESTS })],
      { bare: bare.pid },
    );
  } finally {
    unregister();
    await bare.stop();
  }
}

async function benchBareExpress(): Promise<void> {
  console.log('Bare Express 5 app (its own process, the same health JSON through res.json):');
  const bare = await spawnService(join(REPO_ROOT, 'bench/dist/bare-express-server.js'), { logFile: join(workDir, 'bare-express.log') });
  const unregister = cleanup.add(() => bare.stop());
  try {
    const url = `http://127.0.0.1:${bare.port}`;
    await prewarm('the bare Express app', [stream(url, [health()], { maxRequests: MAX_REQUESTS }, 10)]);
    await scenario(
      'health',
      'bare Express 5',
      'bare',
      [stream(url, [health()], { maxRequests: MAX_REQUESTS, warmupMaxRequests: WARMUP_MAX_REQUESTS })],
      { bare: bare.pid },
    );
  } finally {
    unregister();
    await bare.stop();
  }
}

async function benchStack(stack: EmbeddedStack): Promise<{ reads: IdPool }> {
  process.stdout.write(`Seeding ${READ_IDS.toLocaleString('en')} items to read and ${DELETE_IDS.toLocaleString('en')} to delete… `);
  const seedStarted = performance.now();
  const reads = new IdPool(await seedItems(stack.dynamodbEndpoint, stack.tableName, READ_IDS));
  const deletes = new IdPool(await seedItems(stack.dynamodbEndpoint, stack.tableName, DELETE_IDS));
  console.log(`${round((performance.now() - seedStarted) / 1000, 1)} s`);
  const watch = Object.fromEntries(Object.entries(stack.processes).map(([name, started]) => [name, started.pid]));
  const caps = { maxRequests: MAX_REQUESTS, warmupMaxRequests: WARMUP_MAX_REQUESTS };
  const deleteCaps = { maxRequests: DELETE_CAP, warmupMaxRequests: DELETE_WARMUP_CAP };
  const mixCaps = { maxRequests: MIX_DELETE_CAP * 10, warmupMaxRequests: MIX_DELETE_WARMUP_CAP * 10 };
  const mixDeleteCaps = { maxRequests: MIX_DELETE_CAP, warmupMaxRequests: MIX_DELETE_WARMUP_CAP };
  const rate = (name: string) => find(scenarios, name, 'api')?.requestsPerSecond ?? 1000;
  const batchesOf = { pid: stack.processes.api.pid, logFile: join(workDir, 'stack', 'api.log') };

  for (const via of ['api', 'router'] as const) {
    console.log(via === 'api' ? 'The api directly (DELETE: the Lambda host directly):' : 'Through the ALB emulator:');
    const url = via === 'api' ? stack.apiUrl : stack.routerUrl;
    const few = { maxRequests: MAX_REQUESTS };
    await prewarm(via === 'api' ? 'the api and the Lambda host' : 'the router', [
      stream(url, [health()], few, 10),
      stream(url, [put()], few, 10),
      stream(url, [get(reads)], few, 10),
      stream(url, [list()], few, 10),
      stream(via === 'api' ? stack.deleteFnUrl : url, [remove(deletes)], { maxRequests: PREWARM_DELETE_CAP }, 10),
    ]);
    await scenario('health', via, 'api', [stream(url, [health()], caps)], watch);
    await scenario('put', via, 'api', [stream(url, [put()], caps)], watch, { batchesOf });
    await scenario('get', via, 'api', [stream(url, [get(reads)], caps)], watch, { batchesOf });
    await scenario('get, 1 connection', via, 'api', [stream(url, [get(reads)], caps, 1)], watch, {
      batchesOf,
      note: 'one request at a time: what a quiet api adds',
    });
    await scenario('list of 100', via, 'api', [stream(url, [list()], caps)], watch);
    const listed = await countListAll(url);
    await scenario(
      `list, no limit (${listed.toLocaleString('en')} items)`,
      via,
      'api',
      [stream(url, [listAll()], caps, LIST_ALL_CONNECTIONS)],
      watch,
      {
        note: `every item up to the 10,000 cap in one streamed answer, ${LIST_ALL_CONNECTIONS} connections`,
      },
    );
    await scenario(
      'delete',
      via === 'api' ? 'delete-fn' : via,
      'delete-fn',
      [stream(via === 'api' ? stack.deleteFnUrl : url, [remove(deletes)], deleteCaps)],
      watch,
    );
    const tally = new Tally();
    if (via === 'router') {
      await scenario(
        'mix 70/20/10',
        via,
        'api',
        [stream(url, [mix(reads, deletes, tally, { get: 7, put: 2, delete: 1 })], mixCaps)],
        watch,
        {
          batchesOf,
          tally,
          afterWarmup: () => tally.reset(),
        },
      );
    } else {
      // Directly, deletes go to another host: a second stream on 5 of the 50 connections, paced at a
      // ninth of what the get/put stream reached in the warm-up, so the mix stays near 70/20/10.
      const deleteConnections = 5;
      const getPut = stream(url, [mix(reads, deletes, tally, { get: 7, put: 2, delete: 0 })], caps, CONNECTIONS - deleteConnections);
      const deleteStream = (perSecond: number) => ({
        ...stream(stack.deleteFnUrl, [remove(deletes, tally)], mixDeleteCaps, deleteConnections),
        overallRate: Math.max(deleteConnections, Math.round(perSecond)),
      });
      const firstGuess = 1 / (7 / 9 / rate('get') + 2 / 9 / rate('put')) / 9;
      await scenario('mix 70/20/10', via, 'api', [getPut, deleteStream(firstGuess)], watch, {
        tally,
        note: 'deletes sent to the Lambda host on 5 of the 50 connections, paced to a ninth of the get/put rate',
        afterWarmup: ([getPutRate]) => {
          tally.reset();
          return [getPut, deleteStream((getPutRate ?? firstGuess * 9) / 9)];
        },
      });
    }
  }
  await benchTwoReplicas(stack, reads, watch);
  if (deletes.remaining < 0) console.warn(`The delete id pool ran out by ${-deletes.remaining}: those deletes were 404s (non-2xx).`);

  console.log('The embedded DynamoDB alone (raw JSON protocol):');
  await scenario('PutItem', 'dynamodb', 'dynamodb', [stream(stack.dynamodbEndpoint, [dynamoDbPut(stack.tableName)], caps)], watch);
  await scenario('GetItem', 'dynamodb', 'dynamodb', [stream(stack.dynamodbEndpoint, [dynamoDbGet(stack.tableName, reads)], caps)], watch);
  return { reads };
}

/** How many items `GET /picus/list` without limit answers right now (the row says so). */
async function countListAll(url: string): Promise<number> {
  const page = (await (await fetch(`${url}/picus/list`)).json()) as { items: unknown[] };
  return page.items.length;
}

/**
 * Through the router with a second api process registered, as ECS runs the service (desired count
 * 2): the ALB emulator round-robins over both, so the api is no longer one event loop.
 */
async function benchTwoReplicas(stack: EmbeddedStack, reads: IdPool, watch: Record<string, number>): Promise<void> {
  console.log('Through the ALB emulator, two api replicas (the ECS desired count):');
  const replica = await stack.startApiReplica('api-bench-2');
  await stack.registerApi(replica.port);
  try {
    const both = { ...watch, 'api-2': replica.pid };
    const caps = { maxRequests: MAX_REQUESTS, warmupMaxRequests: WARMUP_MAX_REQUESTS };
    const note = 'CPU and RSS columns: the first replica, which serves half the requests';
    await prewarm('the second replica', [stream(stack.routerUrl, [get(reads)], caps, 10), stream(stack.routerUrl, [put()], caps, 10)]);
    await scenario('get, 2 api replicas', 'router', 'api', [stream(stack.routerUrl, [get(reads)], caps)], both, { note });
    await scenario('put, 2 api replicas', 'router', 'api', [stream(stack.routerUrl, [put()], caps)], both, { note });
  } finally {
    await stack.deregisterApi(replica.port);
  }
}

/**
 * Development mode: a second api process on the same DynamoDB and table, with the same environment
 * but NODE_ENV=development (response validation on, as `make up` runs it by default), so only the
 * mode differs from the `put`/`get` rows, which run as deployed.
 */
async function benchDevelopment(stack: EmbeddedStack, reads: IdPool): Promise<void> {
  console.log('A second api process in development mode, response validation on (same DynamoDB):');
  const api = await spawnService(join(REPO_ROOT, 'api/dist/server.js'), {
    env: { ...stack.handlerEnv, NODE_ENV: 'development', VALIDATE_RESPONSES: 'true', PORT: '0', NODE_OPTIONS: API_NODE_OPTIONS },
    logFile: join(workDir, 'api-development.log'),
  });
  const unregister = cleanup.add(() => api.stop());
  try {
    const url = `http://127.0.0.1:${api.port}`;
    const { api: mainApi, ...others } = stack.processes;
    const watch = {
      ...Object.fromEntries(Object.entries(others).map(([name, started]) => [name, started.pid])),
      api: api.pid,
      'api (as deployed, idle)': mainApi.pid,
    };
    const caps = { maxRequests: MAX_REQUESTS, warmupMaxRequests: WARMUP_MAX_REQUESTS };
    // The same warm-up the deployed-mode api had before its put and get rows.
    await prewarm('the development-mode api', [
      stream(url, [health()], caps, 10),
      stream(url, [put()], caps, 10),
      stream(url, [get(reads)], caps, 10),
      stream(url, [list()], caps, 10),
    ]);
    await scenario(`put ${DEVELOPMENT_ROW}`, 'api', 'api', [stream(url, [put()], caps)], watch);
    await scenario(`get ${DEVELOPMENT_ROW}`, 'api', 'api', [stream(url, [get(reads)], caps)], watch);
  } finally {
    unregister();
    await api.stop();
  }
}

async function main(): Promise<void> {
  const machine = describeMachine();
  vcpuProbe = await startVcpuProbe();
  cleanup.add(async () => vcpuProbe?.stop());
  console.log(
    `${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}; ${WARMUP_S} s warm-up + ${DURATION_S} s per scenario, ${CONNECTIONS} connections\n`,
  );
  await benchBareHttp();
  await benchBareExpress();
  const marshalling = measureMarshalling();
  console.log(
    `Payload codec, encode + decode: ${marshalling.map((cost) => `${cost.payload} ${cost.mapUs} µs (JSON text ${cost.textUs} µs)`).join('; ')}`,
  );

  // The handlers as the ECS task and the Lambda run them (NODE_ENV=production: no response
  // validation; the task's heap flags, which the stack always gives the api); LOG_LEVEL the stack's.
  const stack = await startEmbeddedStack({ logDir: join(workDir, 'stack'), handlerEnv: AS_DEPLOYED });
  const unregisterStack = cleanup.add(() => stack.stop());
  const logLevel = stack.handlerEnv.LOG_LEVEL ?? 'info';
  let coldInitRuns: ColdInitRun[];
  let sdkFloor: SdkFloor | undefined;
  let coldInitRatio: ColdInitRatio | undefined;
  let idleRssMiB: Record<string, number>;
  try {
    idleRssMiB = Object.fromEntries(Object.entries(stack.processes).map(([name, started]) => [name, round(rssMiB(started.pid) ?? 0, 1)]));
    console.log(
      `Embedded stack up (LOG_LEVEL=${logLevel}, the stack's default; one request log line per request). Idle RSS MB: ${JSON.stringify(idleRssMiB)}`,
    );
    const { reads } = await benchStack(stack);
    await benchDevelopment(stack, reads);
    process.stdout.write('SDK floor (GetItem through the document client vs raw HTTP, 50 in flight, its own process)… ');
    sdkFloor = await measureSdkFloor(REPO_ROOT, stack.handlerEnv, reads.first(100)).catch((error: unknown) => {
      console.error(`failed: ${(error as Error).message}`);
      return undefined;
    });
    if (sdkFloor)
      console.log(
        `SDK ${sdkFloor.sdk.cpuUsPerCall} µs/call, raw ${sdkFloor.raw.cpuUsPerCall} µs/call, BatchGetItem of 100 ${sdkFloor.batchGet100?.cpuUsPerItem} µs/item`,
      );
    process.stdout.write(`Lambda cold init, ${COLD_INIT_RUNS} fresh processes… `);
    coldInitRuns = await measureColdInit(REPO_ROOT, stack.handlerEnv, COLD_INIT_RUNS).catch((error: unknown) => {
      // Reported as not measured rather than losing every other measurement of the run.
      console.error(`failed: ${(error as Error).message}`);
      return [];
    });
    if (coldInitRuns.length) console.log(`median ${median(coldInitRuns.map((run) => run.coldInitMs))} ms`);
    process.stdout.write('Lambda cold init against an SDK-only DeleteItem handler (built here), CPU of load + first invoke… ');
    coldInitRatio = await measureColdInitRatio(REPO_ROOT, stack.handlerEnv).catch(
      (error: unknown) => void console.error(`failed: ${(error as Error).message}`),
    );
    if (coldInitRatio) console.log(describeColdInitRatio(coldInitRatio));
  } finally {
    unregisterStack();
    await stack.stop();
  }

  const handlerEnv = { ...AS_DEPLOYED, NODE_OPTIONS: API_NODE_OPTIONS };
  await benchTracing({
    workDir,
    cleanup,
    scenario,
    prewarm,
    handlerEnv,
    caps: { maxRequests: MAX_REQUESTS, warmupMaxRequests: WARMUP_MAX_REQUESTS },
  });
  await benchLimits({
    workDir,
    cleanup,
    scenario,
    handlerEnv,
    caps: { maxRequests: MAX_REQUESTS, warmupMaxRequests: WARMUP_MAX_REQUESTS },
  });

  for (const line of await benchPeer(join(workDir, 'peer'))) console.log(line);

  process.stdout.write(`\`make up\` to healthy, ${STACK_UP_RUNS} times… `);
  const stackUp = await measureStackUp(REPO_ROOT, STACK_UP_RUNS, cleanup);
  const medianWallMs = stackUp.wallMs.length ? median(stackUp.wallMs) : undefined;
  console.log(stackUp.skipped ? `skipped: ${stackUp.skipped}` : `median ${medianWallMs} ms`);

  const settings: BenchSettings = {
    durationS: DURATION_S,
    warmupS: WARMUP_S,
    connections: CONNECTIONS,
    maxRequests: MAX_REQUESTS,
    logLevel,
    logLevelNote: '(the stack default: every request logs one JSON line to a file)',
    autocannon: AUTOCANNON_VERSION,
  };
  const partial = {
    machine,
    settings,
    scenarios,
    lambdaColdInit: summarizeColdInit(coldInitRuns),
    ...(sdkFloor ? { sdkFloor } : {}),
    ...(coldInitRatio ? { coldInitRatio } : {}),
    stackUp: { ...stackUp, ...(medianWallMs === undefined ? {} : { medianWallMs }) },
    ratios: computeRatios(scenarios),
    idleRssMiB,
    marshalling,
    apiNodeOptions: API_NODE_OPTIONS,
    vcpuProbeReferenceUs: vcpuProbe.referenceUs,
  };
  const report: BenchReport = {
    ...partial,
    targets: checkTargets(partial),
    totalSeconds: round((performance.now() - startedAt) / 1000, 1),
  };
  const markdown = renderMarkdown(report);
  writeResult('latest.json', `${JSON.stringify(report, null, 2)}\n`);
  writeResult('latest.md', markdown);
  console.log(`\n${markdown}\nWrote bench/results/latest.json and bench/results/latest.md (${report.totalSeconds} s).`);
}

/** Written whole or not at all (a `.tmp` beside it, renamed), so an interrupted run never leaves half a file. */
function writeResult(name: string, contents: string): void {
  const resultsDir = join(REPO_ROOT, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${name}.tmp`), contents);
  renameSync(join(resultsDir, `${name}.tmp`), join(resultsDir, name));
}

try {
  await main();
} catch (error) {
  console.error(`bench failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanup.runAll();
}
// autocannon and the SDK can leave handles behind (keep-alive sockets, timers): nothing is left to wait for.
process.exit();
