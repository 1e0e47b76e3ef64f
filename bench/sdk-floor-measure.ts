import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface SdkFloor {
  readonly concurrency: number;
  readonly sdk: { readonly callsPerSecond: number; readonly cpuUsPerCall: number };
  readonly raw: { readonly callsPerSecond: number; readonly cpuUsPerCall: number };
  /** BatchGetItem through the base client, `keysPerCall` distinct keys a call. */
  readonly batchGet100?: { readonly keysPerCall: number; readonly callsPerSecond: number; readonly cpuUsPerItem: number };
}

/**
 * Runs bench/sdk-floor.ts (bundled) in its own process against the stack's DynamoDB, reading the
 * items `ids` (the first alone, then 100 a call), while nothing else is under load.
 */
export async function measureSdkFloor(repoRoot: string, env: Readonly<Record<string, string>>, ids: readonly string[]): Promise<SdkFloor> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(repoRoot, 'bench/dist/sdk-floor.js')], {
    cwd: repoRoot,
    env: { ...process.env, ...env, SDK_FLOOR_IDS: ids.join(','), LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });
  const line = stdout.split('\n').find((candidate) => candidate.includes('"sdk"'));
  if (!line) throw new Error(`sdk-floor printed no result:\n${stdout}`);
  return JSON.parse(line) as SdkFloor;
}
