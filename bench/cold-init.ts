import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ColdInitRun {
  readonly loadMs: number;
  readonly firstInvokeMs: number;
  readonly coldInitMs: number;
  readonly loadCpuMs: number;
  readonly coldInitCpuMs: number;
  readonly warmInvokeMs: number;
  readonly firstStatus: number;
}

/**
 * The NODE_OPTIONS the deployed function runs with (infra/cdk/lib/delete-function.ts sets none):
 * the cold start is measured with them, since e.g. --enable-source-maps costs start-up time.
 */
export const LAMBDA_NODE_OPTIONS = '';

/**
 * Runs bench/lambda-cold-init.mjs `times` times, each in a fresh Node process (as Lambda pays a
 * cold start), one after the other so no two compete for a core. `env` points the function at the
 * stack's DynamoDB.
 */
export async function measureColdInit(repoRoot: string, env: Readonly<Record<string, string>>, times: number): Promise<ColdInitRun[]> {
  const runs: ColdInitRun[] = [];
  for (let i = 0; i < times; i += 1) {
    const { stdout } = await run(process.execPath, [join(repoRoot, 'bench/lambda-cold-init.mjs')], {
      cwd: repoRoot,
      env: { ...process.env, ...env, NODE_OPTIONS: LAMBDA_NODE_OPTIONS },
      timeout: 30_000,
    });
    // The function logs to stdout too; the script's result is the line with coldInitMs.
    const line = stdout.split('\n').find((candidate) => candidate.includes('"coldInitMs"'));
    if (!line) throw new Error(`bench/lambda-cold-init.mjs printed no result:\n${stdout}`);
    runs.push(JSON.parse(line) as ColdInitRun);
  }
  return runs;
}
