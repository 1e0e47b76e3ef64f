/**
 * The DELETE Lambda's cold init against its floor, in one run: the bundle (delete-fn/dist/lambda.js,
 * as `make build` leaves it) and an SDK-only DeleteItem handler (bench/sdk-delete-handler.ts, bundled
 * here the same way), each loaded by bench/lambda-cold-init.mjs in fresh processes, taken in turns so
 * both see the same machine. The figure compared is CPU time of load + first invoke (steadier than
 * wall time on a shared machine); the target is ≤ 1.3 × the floor.
 *
 * Standalone: `node bench/dist/lambda-cold-init-ratio.js [runs]` starts its own embedded DynamoDB.
 */
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { ColdInitRun } from './cold-init.js';
import { LAMBDA_NODE_OPTIONS } from './cold-init.js';

const run = promisify(execFile);
export const COLD_INIT_RATIO_TARGET = 1.3;

export interface ColdInitRatio {
  readonly runs: number;
  readonly bundle: { readonly medianCpuMs: number; readonly medianWallMs: number; readonly bytes: number };
  readonly floor: { readonly medianCpuMs: number; readonly medianWallMs: number; readonly bytes: number };
  /** Median CPU of the bundle over median CPU of the floor. */
  readonly cpuRatio: number;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const round = (value: number) => Math.round(value * 10) / 10;

async function coldInit(repoRoot: string, bundle: string, env: Readonly<Record<string, string>>): Promise<ColdInitRun> {
  const { stdout } = await run(process.execPath, [join(repoRoot, 'bench/lambda-cold-init.mjs'), bundle], {
    cwd: repoRoot,
    env: { ...process.env, ...env, NODE_OPTIONS: LAMBDA_NODE_OPTIONS },
    timeout: 30_000,
  });
  const line = stdout.split('\n').find((candidate) => candidate.includes('"coldInitMs"'));
  if (!line) throw new Error(`bench/lambda-cold-init.mjs ${bundle} printed no result:\n${stdout}`);
  return JSON.parse(line) as ColdInitRun;
}

/** Builds the floor, then measures the bundle and the floor `runs` times each (at least 7), alternately. */
export async function measureColdInitRatio(repoRoot: string, env: Readonly<Record<string, string>>, runs = 7): Promise<ColdInitRatio> {
  const bundle = join(repoRoot, 'delete-fn/dist/lambda.js');
  const floor = join(repoRoot, 'bench/dist/sdk-delete-handler/index.js');
  await run(process.execPath, [join(repoRoot, 'scripts/bundle.mjs'), 'bench/sdk-delete-handler.ts', floor, '--all'], {
    cwd: repoRoot,
    timeout: 60_000,
  });
  const times = Math.max(7, runs);
  const measured = { bundle: [] as ColdInitRun[], floor: [] as ColdInitRun[] };
  // Quiet logs: the function's log lines are not what is measured (stdout is a pipe here).
  const quiet = {
    ...env,
    LOG_LEVEL: 'silent',
    AWS_REGION: env.AWS_REGION ?? 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  for (let i = 0; i < times; i += 1) {
    measured.bundle.push(await coldInit(repoRoot, bundle, quiet));
    measured.floor.push(await coldInit(repoRoot, floor, quiet));
  }
  const summary = (runsOf: readonly ColdInitRun[], path: string) => ({
    medianCpuMs: round(median(runsOf.map((entry) => entry.coldInitCpuMs))),
    medianWallMs: round(median(runsOf.map((entry) => entry.coldInitMs))),
    bytes: statSync(path).size,
  });
  const result = { runs: times, bundle: summary(measured.bundle, bundle), floor: summary(measured.floor, floor) };
  return { ...result, cpuRatio: Math.round((result.bundle.medianCpuMs / result.floor.medianCpuMs) * 100) / 100 };
}

/** One line for the run's output and the report. */
export function describeColdInitRatio(ratio: ColdInitRatio): string {
  const verdict = ratio.cpuRatio <= COLD_INIT_RATIO_TARGET ? 'meets' : 'misses';
  return (
    `bundle ${ratio.bundle.medianCpuMs} ms CPU (${ratio.bundle.medianWallMs} ms wall, ${Math.round(ratio.bundle.bytes / 1024)} KB), ` +
    `SDK-only floor ${ratio.floor.medianCpuMs} ms CPU (${ratio.floor.medianWallMs} ms wall, ${Math.round(ratio.floor.bytes / 1024)} KB): ` +
    `${ratio.cpuRatio} × the floor, median of ${ratio.runs} each (${verdict} ≤ ${COLD_INIT_RATIO_TARGET} ×)`
  );
}

if (process.argv[1] && resolve(process.argv[1]).endsWith('lambda-cold-init-ratio.js')) {
  const { startTestDatabase } = await import('@picus/testkit');
  const db = await startTestDatabase();
  try {
    const repoRoot = resolve(import.meta.dirname, '../..');
    console.log(
      `Lambda cold init vs an SDK-only DeleteItem handler: ${describeColdInitRatio(await measureColdInitRatio(repoRoot, db.env, Number(process.argv[2] ?? 7)))}`,
    );
  } finally {
    await db.stop();
  }
}
