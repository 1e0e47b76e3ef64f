import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { watchProcesses, type ProcessUsage } from './proc-stats.js';
import { percentile, round } from './stats.js';
import type { VcpuProbe } from './vcpu-probe.js';

/** The autocannon that generates the load, as installed. */
export const AUTOCANNON_VERSION = (
  JSON.parse(readFileSync(createRequire(import.meta.url).resolve('autocannon/package.json'), 'utf8')) as { version: string }
).version;

/** One stream of load: its own connections against one URL, cycling through `requests`. */
export interface LoadTarget {
  readonly url: string;
  readonly connections: number;
  /** The sequence each connection cycles through; `setupRequest` makes a request vary. */
  readonly requests: autocannon.Request[];
  /** The measured run ends at this many requests if the duration has not ended it first. */
  readonly maxRequests: number;
  /** The warm-up's cap (e.g. when each request consumes a pre-seeded id). */
  readonly warmupMaxRequests?: number;
  /** Requests per second across this target's connections; unlimited when absent. */
  readonly overallRate?: number;
}

export interface RunOptions {
  readonly durationS: number;
  readonly warmupS: number;
  /** Processes whose CPU time and RSS are measured during the run, by name. */
  readonly watch: Readonly<Record<string, number>>;
  /**
   * Called between the warm-up and the measured run with each target's warm-up rate (req/s); may
   * return adjusted targets (e.g. a paced stream matched to what another stream reached).
   */
  readonly afterWarmup?: (warmupRates: readonly number[]) => readonly LoadTarget[] | void;
  /** Measures how fast the machine's CPUs ran during the measured window (see vcpu-probe.ts). */
  readonly vcpuProbe?: VcpuProbe;
}

export interface LoadResult {
  /** Responses received (any status). */
  readonly requests: number;
  /** From the first request to the last response. */
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
  /** Connection errors and timeouts. */
  readonly errors: number;
  readonly non2xx: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly processes: Readonly<Record<string, ProcessUsage & { cpuUsPerRequest: number }>>;
  /** The load generator's (this process's) CPU, in % of one core over the window. */
  readonly loadGeneratorCpuPercent: number;
  /** CPU of processes that are not part of the bench, in % of one core: high means a noisy run. */
  readonly otherCpuPercent: number;
  /** The vCPUs' speed during the window against the start of the bench (1 = as fast); below ~0.8 the host took CPU time. */
  readonly vcpuSpeed?: number;
}

interface RawRun {
  readonly latencies: number[];
  /** Responses per target. */
  readonly counts: number[];
  readonly statusCodes: Record<string, number>;
  errors: number;
  readonly startedAt: number;
  lastResponseAt: number;
}

/** Runs every target at once for the warm-up (discarded), then again for the measured window. */
export async function runLoad(targets: readonly LoadTarget[], options: RunOptions): Promise<LoadResult> {
  if (options.warmupS > 0) {
    const warmup = await runTargets(targets, options.warmupS, (target) => target.warmupMaxRequests ?? target.maxRequests);
    const seconds = Math.max((warmup.lastResponseAt - warmup.startedAt) / 1000, 0.001);
    targets = options.afterWarmup?.(warmup.counts.map((count) => count / seconds)) ?? targets;
  }
  const watcher = watchProcesses(options.watch);
  const speedWindow = options.vcpuProbe?.window();
  const raw = await runTargets(targets, options.durationS, (target) => target.maxRequests);
  const { processes: usage, loadGeneratorCpuMs, otherCpuMs, wallMs } = watcher.stop();
  const vcpuSpeed = speedWindow?.speed();
  const requests = raw.latencies.length;
  const seconds = Math.max((raw.lastResponseAt - raw.startedAt) / 1000, 0.001);
  const sorted = Float64Array.from(raw.latencies).sort();
  const processes: Record<string, ProcessUsage & { cpuUsPerRequest: number }> = {};
  for (const [name, { cpuMs, rssPeakMiB }] of Object.entries(usage)) {
    processes[name] = { cpuMs, rssPeakMiB: round(rssPeakMiB, 1), cpuUsPerRequest: requests ? round((cpuMs * 1000) / requests, 0) : 0 };
  }
  const non2xx = Object.entries(raw.statusCodes).reduce((sum, [code, count]) => (code.startsWith('2') ? sum : sum + count), 0);
  return {
    requests,
    seconds: round(seconds, 2),
    requestsPerSecond: Math.round(requests / seconds),
    latencyMs: {
      p50: round(percentile(sorted, 0.5), 2),
      p90: round(percentile(sorted, 0.9), 2),
      p99: round(percentile(sorted, 0.99), 2),
      max: round(percentile(sorted, 1), 2),
    },
    errors: raw.errors,
    non2xx,
    statusCodes: raw.statusCodes,
    processes,
    loadGeneratorCpuPercent: Math.round((loadGeneratorCpuMs / wallMs) * 100),
    otherCpuPercent: Math.round((otherCpuMs / wallMs) * 100),
    ...(vcpuSpeed === undefined ? {} : { vcpuSpeed }),
  };
}

async function runTargets(targets: readonly LoadTarget[], durationS: number, cap: (target: LoadTarget) => number): Promise<RawRun> {
  const raw: RawRun = {
    latencies: [],
    counts: targets.map(() => 0),
    statusCodes: {},
    errors: 0,
    startedAt: performance.now(),
    lastResponseAt: performance.now(),
  };
  await Promise.all(
    targets.map(
      (target, index) =>
        new Promise<void>((resolve, reject) => {
          const instance = autocannon(
            {
              url: target.url,
              connections: target.connections,
              duration: durationS,
              // Both bounds: the run ends at the duration or at the cap, whichever comes first.
              maxOverallRequests: Math.max(cap(target), target.connections),
              requests: target.requests,
              timeout: 10,
              // Ends the run within 100 ms of the last response rather than on the next whole second.
              sampleInt: 100,
              ...(target.overallRate ? { overallRate: target.overallRate } : {}),
            },
            (error, result) => {
              if (error) return reject(error);
              raw.errors += result.errors + result.timeouts;
              resolve();
            },
          );
          instance.on('response', (_client, statusCode, _bytes, responseTime) => {
            raw.latencies.push(responseTime);
            raw.counts[index] = (raw.counts[index] ?? 0) + 1;
            raw.statusCodes[statusCode] = (raw.statusCodes[statusCode] ?? 0) + 1;
            raw.lastResponseAt = performance.now();
          });
        }),
    ),
  );
  return raw;
}
