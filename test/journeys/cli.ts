/** Runs the stack CLI (`make up`, `down`, `logs`, `dev`…) as a user would, from tests, on a home and ports of its own. */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, freePort } from '@picus/infra';
import { waitFor } from '@picus/testkit';

const run = promisify(execFile);
const cli = join(REPO_ROOT, 'infra/local/dist/stack-cli.js');

export interface Cli {
  readonly home: string;
  readonly ports: Readonly<Record<'ROUTER_PORT' | 'API_PORT' | 'DELETE_FN_PORT' | 'DYNAMODB_PORT' | 'CONSOLE_PORT', number>>;
  /** Runs `stack-cli <command>` as `make` would, from `cwd` (where `.env` is read). */
  (command: string, extraEnv?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Starts a command that runs until interrupted (`logs`, `dev`), collecting what it prints. */
  follow(command: string, extraEnv?: Record<string, string>): Following;
}

export interface Following {
  /** Everything printed so far. */
  output(): string;
  /** Resolves once the output matches, or fails after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Ctrl-C, as a user stops it; resolves with the exit code. */
  interrupt(): Promise<number | null>;
}

/** A stack home of its own on free ports, so tests never touch the user's `.stack`, `.data` or ports. */
export async function cliIn(options: { cwd?: string; env?: Record<string, string>; unset?: readonly string[] } = {}): Promise<Cli> {
  const home = mkdtempSync(join(tmpdir(), 'picus-cli-'));
  const ports = {
    ROUTER_PORT: await freePort(),
    API_PORT: await freePort(),
    DELETE_FN_PORT: await freePort(),
    DYNAMODB_PORT: await freePort(),
    CONSOLE_PORT: await freePort(),
  };
  const cwd = options.cwd ?? home;
  // LOG_LEVEL=info: the tests below read the request log lines (vitest runs everything silent).
  const base: Record<string, string | undefined> = {
    ...process.env,
    STACK: 'embedded',
    LOG_LEVEL: 'info',
    PICUS_STACK_HOME: home,
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    ...options.env,
  };
  for (const name of options.unset ?? []) delete base[name];
  const command = (name: string, extraEnv: Record<string, string> = {}) =>
    run(process.execPath, [cli, name], { cwd, timeout: 60_000, env: { ...base, ...extraEnv } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const follow = (name: string, extraEnv: Record<string, string> = {}): Following => {
    const child = spawn(process.execPath, [cli, name], { cwd, env: { ...base, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return {
      output: () => output,
      async waitFor(pattern, timeoutMs = 30_000) {
        await waitFor(() => pattern.test(output), {
          what: `${pattern} in the output of \`${name}\`:\n${output}`,
          timeoutMs,
          intervalMs: 50,
        });
        return output.match(pattern) as RegExpMatchArray;
      },
      async interrupt() {
        child.kill('SIGINT');
        return exited;
      },
    };
  };
  return Object.assign(command, { home, ports, follow });
}
