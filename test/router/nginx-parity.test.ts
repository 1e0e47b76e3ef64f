import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topology } from '@picus/infra';
import { waitFor } from '@picus/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuleMatcher, startEmbeddedStack, type EmbeddedStack } from '@picus/local';
import { nginxBinary, startNginxBefore, type LocalNginx } from './local-nginx.js';

if (!nginxBinary) console.warn('nginx parity tests skipped: no nginx binary (apt-get install nginx); the ALB emulator journeys still run.');

interface Answer {
  status: number;
  servedBy: string | null;
  contentType: string | null;
  bodyKeys: string[];
}

/** The journey both routers must answer alike; ids differ, so bodies compare by shape. */
async function journey(base: string): Promise<Answer[]> {
  const answers: Answer[] = [];
  const record = async (response: Response) => {
    const text = await response.text();
    let keys: string[];
    try {
      keys = Object.keys(JSON.parse(text) as object).sort();
    } catch {
      keys = ['<not json>'];
    }
    answers.push({
      status: response.status,
      servedBy: response.headers.get('x-served-by'),
      contentType: response.headers.get('content-type'),
      bodyKeys: keys,
    });
    return text;
  };
  await record(await fetch(`${base}/picus/health`));
  const created = JSON.parse(
    await record(
      await fetch(`${base}/picus/put`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"Ada","role":"engineer"}',
      }),
    ),
  ) as { id: string };
  await record(await fetch(`${base}/picus/get/${created.id}`));
  await record(await fetch(`${base}/picus/list?limit=5`));
  await record(await fetch(`${base}/picus/${created.id}`, { method: 'DELETE' }));
  await record(await fetch(`${base}/picus/get/${created.id}`));
  await record(await fetch(`${base}/picus/put`, { method: 'PATCH' }));
  await record(await fetch(`${base}/picus/not-a-uuid`, { method: 'DELETE' }));
  await record(await fetch(`${base}/nowhere`));
  await record(await fetch(`${base}/openapi.json`));
  return answers;
}

describe.skipIf(!nginxBinary)('nginx running the generated config', () => {
  let stack: EmbeddedStack;
  let nginx: LocalNginx | undefined;
  let nginxUrl: string;
  let headersSeen: Record<string, string> = {};
  let accessLog: string;

  beforeAll(async () => {
    stack = await startEmbeddedStack();
    accessLog = join(mkdtempSync(join(tmpdir(), 'picus-nginx-log-')), 'access.log');
    nginx = await startNginxBefore(stack, { accessLogFile: accessLog });
    nginxUrl = nginx.url;
    // With no x-request-id sent, the api takes the trace root nginx generated as the request id and echoes it.
    const traced = await fetch(`${nginxUrl}/picus/health`);
    headersSeen = { 'x-request-id': traced.headers.get('x-request-id') ?? '' };
  });

  afterAll(async () => {
    nginx?.stop();
    await stack?.stop();
  });

  it('when the same journey runs through nginx and the ALB emulator, then every answer matches in status, handler, content type and body shape', async () => {
    const viaEmulator = await journey(stack.routerUrl);
    const viaNginx = await journey(nginxUrl);
    expect(viaNginx).toEqual(viaEmulator);
    expect(viaNginx.find((answer) => answer.servedBy === 'delete-fn')).toBeDefined();
  });

  it('when no trace id is sent, then nginx adds one in ALB form and the handler uses its root as request id', () => {
    expect(headersSeen['x-request-id']).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('when requests go through nginx, then its JSON access log names the rule each matched as the ALB emulator does, with the id the handler answered with', async () => {
    const matcher = createRuleMatcher(topology.listener.rules);
    const sent = [
      { method: 'DELETE', path: '/picus/00000000-0000-4000-8000-000000000000' },
      { method: 'GET', path: '/picus/health' },
      { method: 'GET', path: '/docs/' },
      { method: 'POST', path: '/elsewhere' },
    ];
    const answeredIds: string[] = [];
    for (const [index, request] of sent.entries()) {
      const headers: Record<string, string> = index === 1 ? {} : { 'x-request-id': `nginx-log-${index}` };
      const response = await fetch(`${nginxUrl}${request.path}`, { method: request.method, headers });
      await response.arrayBuffer();
      answeredIds.push(response.headers.get('x-request-id') ?? `nginx-log-${index}`);
    }
    const lines = () =>
      readFileSync(accessLog, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { requestId: string; method: string; path: string; rule: string; service: string });
    await waitFor(() => answeredIds.every((id) => lines().some((line) => line.requestId === id)), { what: 'the access log lines' });
    for (const [index, request] of sent.entries()) {
      const line = lines().find((candidate) => candidate.requestId === answeredIds[index]);
      expect(line, request.path).toMatchObject({
        service: 'router',
        method: request.method,
        rule: matcher.matchRule(request.method, request.path)?.description ?? 'default',
      });
    }
  });
});
