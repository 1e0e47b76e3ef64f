import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isPortFree, topology } from '@picus/infra';
import type { Cleanup } from './cleanup.js';

const run = promisify(execFile);

/** The fixed ports `make up` binds. */
const MAKE_UP_PORTS = Object.values(topology.localPorts);

export interface StackUpTiming {
  /** Why nothing was measured, when nothing was. */
  readonly skipped?: string;
  /** Wall time of `stack-cli up`, from spawning the CLI to its exit with every service healthy. */
  readonly wallMs: number[];
  /** What the CLI itself printed ("All services healthy in X s"), in ms. */
  readonly reportedMs: number[];
}

/**
 * Times `make up` as the user runs it (the stack CLI, embedded stack, fixed ports), `times` times,
 * each followed by `down`. PICUS_STACK_HOME points at a temporary folder so the user's own
 * .stack and .data are never touched; if any fixed port is taken (say, the user's stack is up),
 * nothing is measured.
 */
export async function measureStackUp(repoRoot: string, times: number, cleanup: Cleanup): Promise<StackUpTiming> {
  const taken = [];
  for (const port of MAKE_UP_PORTS) if (!(await isPortFree(port))) taken.push(port);
  if (taken.length > 0)
    return { skipped: `port${taken.length > 1 ? 's' : ''} ${taken.join(', ')} in use (is a stack up?)`, wallMs: [], reportedMs: [] };

  const home = mkdtempSync(join(tmpdir(), 'picus-bench-up-'));
  const cli = join(repoRoot, 'infra/local/dist/stack-cli.js');
  const { ROUTER_PORT: _r, API_PORT: _a, DELETE_FN_PORT: _d, DYNAMODB_PORT: _p, CONSOLE_PORT: _c, ...inherited } = process.env;
  const env = { ...inherited, PICUS_STACK_HOME: home, STACK: 'embedded' };
  const down = async () => {
    await run(process.execPath, [cli, 'down'], { cwd: repoRoot, env, timeout: 60_000 });
  };
  const unregister = cleanup.add(async () => {
    await down();
    rmSync(home, { recursive: true, force: true });
  });
  const wallMs: number[] = [];
  const reportedMs: number[] = [];
  try {
    for (let i = 0; i < times; i += 1) {
      const started = performance.now();
      const { stdout } = await run(process.execPath, [cli, 'up'], { cwd: repoRoot, env, timeout: 60_000 }).catch((error: unknown) => {
        throw new Error(`stack-cli up failed: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`);
      });
      wallMs.push(Math.round(performance.now() - started));
      const reported = /healthy in ([\d.]+) s/.exec(stdout);
      if (reported) reportedMs.push(Math.round(Number(reported[1]) * 1000));
      await down();
    }
  } catch (error) {
    // Reported in the results rather than losing every other measurement of the run.
    return { skipped: (error as Error).message, wallMs, reportedMs };
  } finally {
    unregister();
    await down().catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  }
  return { wallMs, reportedMs };
}
