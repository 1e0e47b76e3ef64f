/**
 * Nothing the embedded stack starts listens beyond loopback unless asked: a HOST=0.0.0.0 in the
 * environment (meant for another dev server; tcsh sets HOST to the machine's name) changes nothing,
 * and the console, which serves request bodies, restarts and deletes, binds beyond loopback only
 * with a token.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@picus/infra';
import { cliIn, type Cli } from '../journeys/cli.js';

/** This machine's addresses other than loopback (IPv4 and IPv6). */
const outward = Object.values(networkInterfaces())
  .flat()
  .filter((address) => address !== undefined && !address.internal && !address.address.startsWith('fe80'))
  .map((address) => address?.address as string);

const answers = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

const started: Cli[] = [];
afterAll(async () => {
  await Promise.all(started.map((stack) => stack('down')));
});

describe('the embedded stack binds loopback', () => {
  it.skipIf(outward.length === 0)(
    'when HOST=0.0.0.0 is in the environment, then up serves on 127.0.0.1 and nothing answers on the other addresses',
    async () => {
      const stack = await cliIn({ env: { HOST: '0.0.0.0' } });
      started.push(stack);
      const up = await stack('up');
      expect(up.code, up.stderr).toBe(0);
      const recorded = JSON.parse(readFileSync(join(stack.home, '.stack/state.json'), 'utf8')) as { services: Array<{ port: number }> };
      const ports = [...new Set([...Object.values(stack.ports), ...recorded.services.map((service) => service.port)])];
      for (const port of ports) expect(await answers('127.0.0.1', port), `127.0.0.1:${port}`).toBe(true);
      for (const host of outward) for (const port of ports) expect(await answers(host, port), `${host}:${port}`).toBe(false);
      expect((await stack('down')).code).toBe(0);
    },
    90_000,
  );

  it('when the console is told to bind beyond loopback without a token, then it refuses in one line', async () => {
    const refused = await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'infra/local/dist/console.js')], {
      env: { ...process.env, HOST: '0.0.0.0', PORT: '0', CONSOLE_TOKEN: '' },
      timeout: 15_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('console: invalid configuration: HOST: the console binds 0.0.0.0 only with CONSOLE_TOKEN set');
    // One line per problem: no bundled source line, which V8 would print for the uncaught error.
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  }, 30_000);
});
