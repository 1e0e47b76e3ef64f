import { execFile, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, REPO_ROOT } from '@picus/infra';
import { dockerEngineAnswers } from '../../infra/local/stack/compose.js';

// `make up` where Docker answers but no Compose is installed: a PATH holding a docker client
// without the compose plugin (and no docker-compose), node, and the tools the embedded stack uses.
const engine = dockerEngineAnswers();
const onPath = (name: string) =>
  (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, name))
    .filter((candidate) => {
      try {
        accessSync(candidate, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
const bareClient = onPath('docker').find(
  (candidate) => spawnSync(candidate, ['info'], { stdio: 'ignore', timeout: 10_000 }).status === 0 && spawnSync(candidate, ['compose', 'version'], { stdio: 'ignore', timeout: 10_000 }).status !== 0,
);
const skip = !engine ? 'no Docker engine answers here' : !bareClient ? 'every docker client here has the compose plugin, so a machine without Compose cannot be reproduced' : undefined;
if (skip) console.warn(`"make up without Compose" tests skipped: ${skip}.`);

const home = mkdtempSync(join(tmpdir(), 'picus-no-compose-'));
const bin = join(home, 'bin');
const ports: Record<string, string> = {};
const run = promisify(execFile);
// STACK unset, as for a user who lets `make up` choose.
const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'STACK'));
const stackCli = (command: string, extra: Record<string, string> = {}) =>
  run(process.execPath, [join(REPO_ROOT, 'infra/local/dist/stack-cli.js'), command], {
    env: { ...inherited, PATH: bin, PICUS_STACK_HOME: home, ...ports, ...extra },
    timeout: 60_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? 1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );

describe.skipIf(skip !== undefined)('make up with a Docker engine but no Compose', () => {
  afterAll(async () => {
    await stackCli('down');
  });

  it('when make up runs, then it says so in one line, prints no usage text, and runs the embedded stack', async () => {
    mkdirSync(bin, { recursive: true });
    symlinkSync(bareClient ?? '', join(bin, 'docker'));
    symlinkSync(process.execPath, join(bin, 'node'));
    for (const tool of ['ps', 'tail']) symlinkSync(onPath(tool)[0] ?? `/bin/${tool}`, join(bin, tool));
    for (const name of ['ROUTER_PORT', 'API_PORT', 'DELETE_FN_PORT', 'DYNAMODB_PORT']) ports[name] = String(await freePort());

    const result = await stackCli('up');
    const output = result.stdout + result.stderr;
    expect(result.code, output).toBe(0);
    expect(output.split('\n').filter((line) => /compose/i.test(line))).toEqual([expect.stringContaining('neither `docker compose` (v2) nor `docker-compose` (v1) is installed')]);
    expect(output).not.toMatch(/usage|unknown flag|--help/i);
    expect(output).toMatch(/All services healthy in [\d.]+ s/);
    expect((await fetch(`http://127.0.0.1:${ports.ROUTER_PORT}/picus/health`)).status).toBe(200);
  });

  it('when STACK=compose is asked for, then make up fails with that one line and starts nothing', async () => {
    const result = await stackCli('up', { STACK: 'compose', PICUS_STACK_HOME: mkdtempSync(join(tmpdir(), 'picus-no-compose-forced-')) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('install Compose')]);
  });
});
