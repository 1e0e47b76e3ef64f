import type { Cleanup } from './cleanup.js';
import { batchWindow, readBatchCounts, type BatchWindow } from './batch-counts.js';
import { runLoad, type LoadTarget, type RunOptions } from './load-runner.js';
import type { ScenarioResult, Via } from './report.js';
import type { Tally } from './scenarios.js';
import type { VcpuProbe } from './vcpu-probe.js';

export interface ScenarioExtras {
  /** The api whose DynamoDB batches are counted over the run (see batch-counts.ts). */
  readonly batchesOf?: { readonly pid: number; readonly logFile: string };
  readonly tally?: Tally;
  readonly note?: string;
  readonly afterWarmup?: RunOptions['afterWarmup'];
}

/** Runs one measured row, prints it and records it in the run's scenarios. */
export type ScenarioRunner = (
  name: string,
  via: Via,
  servedBy: string,
  targets: LoadTarget[],
  watch: Record<string, number>,
  extra?: ScenarioExtras,
) => Promise<ScenarioResult>;

/** A run's rows: the runner, the warm-up of fresh processes, and every row measured so far. */
export interface ScenarioRows {
  readonly scenario: ScenarioRunner;
  readonly prewarm: (what: string, targets: LoadTarget[]) => Promise<void>;
  readonly scenarios: ScenarioResult[];
}

/** The row runner of one `make bench` run, with its durations and the vCPU probe every row reads. */
export function createScenarioRows(options: {
  readonly durationS: number;
  readonly warmupS: number;
  readonly prewarmS: number;
  readonly vcpuProbe: () => VcpuProbe | undefined;
}): ScenarioRows {
  const scenarios: ScenarioResult[] = [];
  const { vcpuProbe } = options;
  /**
   * Sends every kind of request to freshly started processes, discarded. A scenario's own 1 s warm-up
   * is not enough for a cold process: without this the first scenarios (the direct ones) ran ~15 %
   * slower than the same load minutes later, and router/direct ratios read above 1.
   */
  const prewarm = async (what: string, targets: LoadTarget[]): Promise<void> => {
    process.stdout.write(`  (warming up ${what}, ${options.prewarmS} s, not measured)\n`);
    await runLoad(targets, { durationS: options.prewarmS, warmupS: 0, watch: {} });
  };

  const scenario: ScenarioRunner = async (
    name: string,
    via: Via,
    servedBy: string,
    targets: LoadTarget[],
    watch: Record<string, number>,
    extra: ScenarioExtras = {},
  ): Promise<ScenarioResult> => {
    process.stdout.write(`  ${`${name} via ${via}`.padEnd(36)} `);
    let before = extra.batchesOf && (await readBatchCounts(extra.batchesOf.pid, extra.batchesOf.logFile));
    const probe = vcpuProbe();
    const result = await runLoad(targets, {
      durationS: options.durationS,
      warmupS: options.warmupS,
      watch,
      ...(probe ? { vcpuProbe: probe } : {}),
      afterWarmup: (rates) => {
        // Counted from the end of the warm-up: the next read comes before the measured run starts.
        void (
          extra.batchesOf && readBatchCounts(extra.batchesOf.pid, extra.batchesOf.logFile).then((counts) => (before = counts ?? before))
        );
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
  };

  return { scenario, prewarm, scenarios };
}

/** What a group of rows needs from the run: its row runner, where to put logs, what to stop on exit. */
export interface RowDeps extends Pick<ScenarioRows, 'scenario' | 'prewarm'> {
  readonly workDir: string;
  readonly cleanup: Cleanup;
  readonly caps: { readonly maxRequests: number; readonly warmupMaxRequests: number };
}
