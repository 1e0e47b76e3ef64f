import { execFile, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, REPO_ROOT } from '@picus/infra';
import { dockerEngineAnswers } from '../../infra/local/stack/compose.js';

// `make up` where Docker answers but Compose v2 does not: a PATH holding a docker client without
// the compose plugin, node, and the tools the embedded stack uses; then the same with a fake
// Compose v1 (`docker-compose` 1.29) beside it, as Debian 12's package installs.
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
// A client sees the plugins in DOCKER_CONFIG's cli-plugins: an empty one hides them.
const noPlugins = mkdtempSync(join(tmpdir(), 'picus-no-plugins-'));
const bareClient = onPath('docker').find(
  (candidate) =>
    spawnSync(candidate, ['info'], { stdio: 'ignore', timeout: 10_000 }).status === 0 &&
    spawnSync(candidate, ['compose', 'version'], { stdio: 'ignore', timeout: 10_000, env: { ...process.env, DOCKER_CONFIG: noPlugins } })
      .status !== 0,
);
const skip = !engine
  ? 'no Docker engine answers here'
  : !bareClient
    ? 'every docker client here has Compose built in, so a machine without Compose v2 cannot be reproduced'
    : undefined;
if (skip) console.warn(`"make up without Compose v2" tests skipped: ${skip}.`);

const home = mkdtempSync(join(tmpdir(), 'picus-no-compose-'));
const bin = join(home, 'bin');
const ports: Record<string, string> = {};
const run = promisify(execFile);
// STACK unset, as for a user who lets `make up` choose.
const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'STACK'));
const stackCli = (command: string, extra: Record<string, string> = {}) =>
  run(process.execPath, [join(REPO_ROOT, 'infra/local/dist/stack-cli.js'), command], {
    env: { ...inherited, PATH: bin, DOCKER_CONFIG: noPlugins, PICUS_STACK_HOME: home, ...ports, ...extra },
    timeout: 60_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? 1,
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }),
  );

describe.skipIf(skip !== undefined)('make up with a Docker engine but no Compose v2', () => {
  afterAll(async () => {
    await stackCli('down');
  });

  it('when make up runs, then one line says why it runs the embedded stack, no usage text, and the embedded stack runs', async () => {
    mkdirSync(bin, { recursive: true });
    symlinkSync(bareClient ?? '', join(bin, 'docker'));
    symlinkSync(process.execPath, join(bin, 'node'));
    for (const tool of ['ps', 'tail']) symlinkSync(onPath(tool)[0] ?? `/bin/${tool}`, join(bin, tool));
    for (const name of ['ROUTER_PORT', 'API_PORT', 'DELETE_FN_PORT', 'DYNAMODB_PORT', 'CONSOLE_PORT'])
      ports[name] = String(await freePort());

    const result = await stackCli('up');
    const output = result.stdout + result.stderr;
    expect(result.code, output).toBe(0);
    expect(output.split('\n').filter((line) => /compose/i.test(line))).toEqual([
      'Stack: embedded (Docker answers, but Compose v2 is not installed: install the Compose v2 plugin (https://docs.docker.com/compose/install/)).',
    ]);
    expect(output).not.toMatch(/usage|unknown flag|--help/i);
    expect(output).toMatch(/All services healthy in [\d.]+ s/);
    expect((await fetch(`http://127.0.0.1:${ports.ROUTER_PORT}/picus/health`)).status).toBe(200);
    expect((await stackCli('down')).code).toBe(0);
  });

  it('when only Compose v1 is installed, then one line names it and the embedded stack runs', async () => {
    // Compose 1.29's answer to `docker-compose version --short`, as Debian 12 installs it.
    writeFileSync(
      join(bin, 'docker-compose'),
      '#!/bin/sh\n[ "$1 $2" = "version --short" ] && { echo 1.29.2; exit 0; }\necho "docker-compose 1.29.2 was run: $*" >&2; exit 1\n',
    );
    chmodSync(join(bin, 'docker-compose'), 0o755);
    const result = await stackCli('up');
    const output = result.stdout + result.stderr;
    expect(result.code, output).toBe(0);
    expect(output.split('\n').filter((line) => /compose/i.test(line))).toEqual([
      'Stack: embedded (Docker answers, but only Compose v1 (docker-compose 1.29.2, end of life) is installed: install the Compose v2 plugin (https://docs.docker.com/compose/install/)).',
    ]);
    expect(output).toMatch(/All services healthy in [\d.]+ s/);
    expect((await fetch(`http://127.0.0.1:${ports.ROUTER_PORT}/picus/health`)).status).toBe(200);
  });

  it('when STACK=compose is asked for, then make up fails with that one line and starts nothing', async () => {
    const result = await stackCli('up', { STACK: 'compose', PICUS_STACK_HOME: mkdtempSync(join(tmpdir(), 'picus-no-compose-forced-')) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^STACK=compose, but .*install the Compose v2 plugin/)]);
  });
});
