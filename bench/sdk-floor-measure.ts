import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface SdkFloor {
  readonly concurrency: number;
  readonly sdk: { readonly callsPerSecond: number; readonly cpuUsPerCall: number };
  readonly raw: { readonly callsPerSecond: number; readonly cpuUsPerCall: number };
}

/**
 * Runs bench/sdk-floor.ts (bundled) in its own process against the stack's DynamoDB, reading the
 * item `id`, while nothing else is under load.
 */
export async function measureSdkFloor(repoRoot: string, env: Readonly<Record<string, string>>, id: string): Promise<SdkFloor> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(repoRoot, 'bench/dist/sdk-floor.js')], {
    cwd: repoRoot,
    env: { ...process.env, ...env, SDK_FLOOR_ID: id, LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });
  const line = stdout.split('\n').find((candidate) => candidate.includes('"sdk"'));
  if (!line) throw new Error(`sdk-floor printed no result:\n${stdout}`);
  return JSON.parse(line) as SdkFloor;
}
