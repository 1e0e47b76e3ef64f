import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliIn, type Cli } from './cli.js';

let stack: Cli;
beforeAll(async () => {
  stack = await cliIn();
  const up = await stack('up');
  if (up.code !== 0) throw new Error(up.stderr);
}, 60_000);
afterAll(async () => {
  await stack?.('down');
});

/** The lines `make logs` printed, as [service, rest]. */
const shownLines = (output: string) =>
  output
    .split('\n')
    .map((line) => /^(\S+) +\| (.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ service: match[1] ?? '', text: match[2] ?? '' }));

describe('make logs', () => {
  it('when REQUEST names a request, then only its lines show, from the router and both handlers it went through', async () => {
    const router = `http://127.0.0.1:${stack.ports.ROUTER_PORT}`;
    const requestId = `logs-${randomUUID()}`;
    const created = await fetch(`${router}/picus/put`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: '{"name":"Ada","role":"engineer"}',
    });
    const { id } = (await created.json()) as { id: string };
    expect((await fetch(`${router}/picus/${id}`, { method: 'DELETE', headers: { 'x-request-id': requestId } })).status).toBe(200);
    expect((await fetch(`${router}/picus/get/${id}`, { headers: { 'x-request-id': 'another-request' } })).status).toBe(404);

    const logs = stack.follow('logs', { REQUEST: requestId, LOG_FORMAT: 'json' });
    try {
      await logs.waitFor(/^api +\| .*"msg":"request"/m);
      await logs.waitFor(/^delete-fn +\| .*"msg":"request"/m);
      await logs.waitFor(/^router +\| .*"method":"DELETE".*"msg":"request"/m);
    } finally {
      await logs.interrupt();
    }
    const lines = shownLines(logs.output());
    expect(new Set(lines.map((line) => line.service))).toEqual(new Set(['api', 'delete-fn', 'router']));
    for (const line of lines) expect((JSON.parse(line.text) as { requestId?: string }).requestId, line.text).toBe(requestId);
    expect(lines.map((line) => (JSON.parse(line.text) as { msg: string }).msg)).toEqual(
      expect.arrayContaining(['item created', 'item deleted']),
    );
    // The router's lines are its access log: which rule sent each request where, as ALB's would say.
    const routed = lines.filter((line) => line.service === 'router').map((line) => JSON.parse(line.text) as Record<string, unknown>);
    expect(routed).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/picus/put',
        status: 201,
        matchedRulePriority: 15,
        targetGroup: 'api',
        target: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      }),
      expect.objectContaining({
        method: 'DELETE',
        path: `/picus/${id}`,
        status: 200,
        matchedRulePriority: 10,
        targetGroup: 'delete-fn',
        traceId: expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/),
      }),
    ]);
  }, 60_000);

  it('when SERVICE=api, then only the api shows, pretty-printed for a person', async () => {
    expect(
      (await fetch(`http://127.0.0.1:${stack.ports.ROUTER_PORT}/picus/list?limit=1`, { headers: { 'x-request-id': 'pretty-check' } }))
        .status,
    ).toBe(200);
    const logs = stack.follow('logs', { SERVICE: 'api' });
    try {
      await logs.waitFor(/^api +\| \[\d\d:\d\d:\d\d\.\d{3}\] INFO: request .*pretty-check/m);
    } finally {
      await logs.interrupt();
    }
    expect(new Set(shownLines(logs.output()).map((line) => line.service))).toEqual(new Set(['api']));
  }, 60_000);
});
