/**
 * `NODE_ENV=production make up`: the handlers run as the ECS task and the Lambda function run them
 * (response validation off, the task's heap flags, a cursor key of the stack's own, spans only where
 * an OTLP endpoint is configured), and the curl flow passes.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { topology } from '@picus/infra';
import { waitFor } from '@picus/testkit';
import { cliIn, type Cli } from './cli.js';

interface Recorded {
  services: Array<{ name: string; spec?: { env: Record<string, string>; nodeFlags?: string[] } }>;
}

const started: Cli[] = [];
afterAll(async () => {
  await Promise.all(started.map((stack) => stack('down')));
});

describe('NODE_ENV=production make up', () => {
  it('when the stack runs the handlers as deployed, then the flow passes, cursors survive a restart of the stack, and only the router sends spans', async () => {
    const stack = await cliIn({
      env: { NODE_ENV: 'production' },
      unset: ['CURSOR_SECRET', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'VALIDATE_RESPONSES'],
    });
    started.push(stack);
    const router = `http://127.0.0.1:${stack.ports.ROUTER_PORT}`;
    const consoleUrl = `http://127.0.0.1:${stack.ports.CONSOLE_PORT}`;
    const up = await stack('up');
    expect(up.code, up.stderr).toBe(0);

    const state = JSON.parse(readFileSync(join(stack.home, '.stack/state.json'), 'utf8')) as Recorded;
    const api = state.services.find((service) => service.name === 'api');
    expect(api?.spec?.env).toMatchObject({ NODE_ENV: 'production' });
    expect(api?.spec?.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(api?.spec?.nodeFlags).toEqual(expect.arrayContaining([...topology.targetGroups.api.nodeFlags]));
    expect(state.services.find((service) => service.name === 'delete-fn')?.spec?.env).toMatchObject({ NODE_ENV: 'production' });
    // The key the api requires in production: generated, kept with the data, readable by its owner only.
    const keyFile = join(stack.home, '.data/cursor-key');
    expect(statSync(keyFile).mode & 0o077).toBe(0);

    for (const name of ['Ada', 'Grace']) {
      const created = await fetch(`${router}/picus/put`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': `prod-${name}` },
        body: JSON.stringify({ name, role: 'engineer' }),
      });
      expect(created.status).toBe(201);
    }
    const page = (await (await fetch(`${router}/picus/list?limit=1`)).json()) as { next_cursor?: string };
    expect(page.next_cursor).toBeTruthy();

    // The console still lists each request, from the router's span alone: the handlers send none.
    let services: string[] = [];
    await waitFor(
      async () => {
        const rows = (
          (await (await fetch(`${consoleUrl}/api/requests`)).json()) as {
            requests: Array<{ traceId: string; requestId?: string; source: string }>;
          }
        ).requests;
        const row = rows.find((candidate) => candidate.requestId === 'prod-Ada');
        if (!row) return false;
        services = (
          (await (await fetch(`${consoleUrl}/api/requests/${row.traceId}`)).json()) as { spans: Array<{ service: string }> }
        ).spans.map((span) => span.service);
        return row.source === 'router';
      },
      { what: 'the console to list the request', timeoutMs: 10_000, intervalMs: 100 },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(new Set(services)).toEqual(new Set(['router']));

    // The same key after `make down` and `make up`: a cursor handed out before is still good.
    expect((await stack('down')).code).toBe(0);
    const again = await stack('up');
    expect(again.code, again.stderr).toBe(0);
    const next = await fetch(`${router}/picus/list?limit=1&cursor=${encodeURIComponent(page.next_cursor ?? '')}`);
    expect(next.status).toBe(200);
    expect((await stack('down')).code).toBe(0);
  }, 120_000);
});
