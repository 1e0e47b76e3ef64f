import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@picus/infra';
import { runCurlFlow } from '@picus/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { cliIn, type Cli } from './cli.js';

const started: Cli[] = [];
afterAll(async () => {
  await Promise.all(started.map((stack) => stack('down')));
});

describe('cp .env.example .env && make up (the embedded stack)', () => {
  it('when .env.example is copied to .env as the README says, then make up comes up and the curl flow passes', async () => {
    // A checkout-like folder of its own: the stack CLI reads .env from the folder it runs in.
    const checkout = mkdtempSync(join(tmpdir(), 'picus-env-example-'));
    copyFileSync(join(REPO_ROOT, '.env.example'), join(checkout, '.env'));
    const stack = await cliIn({ cwd: checkout });
    started.push(stack);

    const up = await stack('up');
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/All services healthy in [\d.]+ s/);

    const steps = await runCurlFlow(`http://127.0.0.1:${stack.ports.ROUTER_PORT}`);
    expect(steps.filter((step) => !step.ok)).toEqual([]);
    expect(steps).toHaveLength(6);

    expect((await stack('down')).code).toBe(0);
  }, 90_000);
});
