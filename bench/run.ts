/**
 * `make bench`: load scenarios against the embedded stack (the api directly and through the ALB
 * emulator), a bare node:http baseline, the embedded DynamoDB alone, the handlers as deployed vs
 * in development (response validation on), Lambda cold init and `make up` time; writes bench/results/latest.{json,md}.
 *
 * Every process it starts is stopped at the end, on an error and on Ctrl-C.
 * BENCH_DURATION_S / BENCH_WARMUP_S shorten a run while working on the bench itself.
 */
import { REPO_ROOT } from '@picus/infra';
import { startEmbeddedStack } from '@picus/local';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cleanup } from './cleanup.js';
import { measureColdInit, type ColdInitRun } from './cold-init.js';
import { describeColdInitRatio, measureColdInitRatio, type ColdInitRatio } from './lambda-cold-init-ratio.js';
import { describeMachine } from './machine.js';
import { measureMarshalling } from './marshalling.js';
import { checkTargets, computeRatios, summarizeColdInit, type BenchReport, type BenchSettings } from './report.js';
import { renderMarkdown } from './report-markdown.js';
import { CONNECTIONS } from './scenarios.js';
import { rssMiB } from './proc-stats.js';
import { measureSdkFloor, type SdkFloor } from './sdk-floor-measure.js';
import { benchPeer, describePeerComparison } from './peer-compare.js';
import { measureStackUp } from './stack-up-time.js';
import { benchTracing } from './tracing-cost.js';
import { benchLimits } from './limits.js';
import { benchBareExpress, benchBareHttp } from './baseline-rows.js';
import { API_NODE_OPTIONS, benchDevelopment } from './api-variant-rows.js';
import { createScenarioRows, type RowDeps } from './scenario-rows.js';
import { benchStack } from './stack-rows.js';
import { AUTOCANNON_VERSION } from './load-runner.js';
import { writeResults } from './results-files.js';
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
/** How long a freshly started process gets every kind of request before anything is measured. */
const PREWARM_S = 2;
const COLD_INIT_RUNS = 5;
const STACK_UP_RUNS = 3;

const cleanup = new Cleanup();
const startedAt = performance.now();
const workDir = mkdtempSync(join(tmpdir(), 'picus-bench-'));
cleanup.add(async () => rmSync(workDir, { recursive: true, force: true }));

cleanup.runOnSignals();

/** Started before anything else (its reference is the idle machine); every scenario reads it. */
let vcpuProbe: VcpuProbe | undefined;
const { scenario, prewarm, scenarios } = createScenarioRows({
  durationS: DURATION_S,
  warmupS: WARMUP_S,
  prewarmS: PREWARM_S,
  vcpuProbe: () => vcpuProbe,
});
const CAPS = { maxRequests: MAX_REQUESTS, warmupMaxRequests: WARMUP_MAX_REQUESTS };
const rowDeps: RowDeps = { scenario, prewarm, cleanup, workDir, caps: CAPS };

async function main(): Promise<void> {
  const machine = describeMachine();
  vcpuProbe = await startVcpuProbe();
  cleanup.add(async () => vcpuProbe?.stop());
  console.log(
    `${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}; ${WARMUP_S} s warm-up + ${DURATION_S} s per scenario, ${CONNECTIONS} connections\n`,
  );
  await benchBareHttp(rowDeps);
  await benchBareExpress(rowDeps);
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
    const { reads } = await benchStack({ ...rowDeps, scenarios }, stack);
    await benchDevelopment(rowDeps, stack, reads);
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
  await benchTracing({ ...rowDeps, handlerEnv });
  await benchLimits({ ...rowDeps, handlerEnv });

  const peer = await benchPeer(join(workDir, 'peer'));
  for (const line of describePeerComparison(peer)) console.log(line);

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
    peer,
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
  writeResults(report, markdown);
  console.log(`\n${markdown}\nWrote bench/results/latest.json and bench/results/latest.md (${report.totalSeconds} s).`);
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
