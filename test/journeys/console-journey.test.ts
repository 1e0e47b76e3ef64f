import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRunning, startEmbeddedStack, type EmbeddedStack } from '@picus/local';
import { waitFor } from '@picus/testkit';

/**
 * The console's API over a real embedded stack with tracing on: what the page shows is checked
 * here without a browser (bounds, secrets, restart, the create check), so it runs where Chromium
 * does not.
 */
let stack: EmbeddedStack;
const CHANGE = { 'x-picus-console': '1' };

beforeAll(async () => {
  stack = await startEmbeddedStack({ console: true });
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});

interface Row {
  traceId: string;
  source: string;
  requestId?: string;
  method: string;
  status?: number;
}
interface Detail {
  row: Row;
  request: { headers?: Record<string, string>; body?: string; bodySize?: number; truncated: boolean };
  lambda?: { event?: string };
  spans: Array<{ name: string; service: string }>;
}

const consoleJson = async <T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> => {
  const response = await fetch(`${stack.consoleUrl}${path}`, init);
  return { status: response.status, body: (await response.json()) as T };
};

/** Waits for the request's row (its router span) and the handler spans below it, then returns its detail. */
async function detailOf(requestId: string, spansAtLeast = 2): Promise<Detail> {
  let detail: Detail | undefined;
  await waitFor(
    async () => {
      const rows = (await consoleJson<{ requests: Row[] }>('/api/requests')).body.requests;
      // The router's span makes the row: it holds the exchange the checks below read.
      const row = rows.find((candidate) => candidate.requestId === requestId && candidate.source === 'router');
      detail = row && (await consoleJson<Detail>(`/api/requests/${row.traceId}`)).body;
      return (detail?.spans.length ?? 0) >= spansAtLeast;
    },
    { what: `the console to show ${requestId}`, timeoutMs: 10_000 },
  );
  return detail!;
}

describe('the console over a running stack', () => {
  it('when a request carries credentials and cookies, then neither the request nor the ALB event the Lambda got shows them', async () => {
    const headers = { authorization: 'Bearer top-secret', cookie: 'session=also-secret', 'x-request-id': 'journey-secret' };
    const created = await fetch(`${stack.routerUrl}/picus/put`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"name":"Ada","role":"engineer"}',
    });
    const { id } = (await created.json()) as { id: string };
    await fetch(`${stack.routerUrl}/picus/${id}`, { method: 'DELETE', headers: { ...headers, 'x-request-id': 'journey-secret-delete' } });

    const put = await detailOf('journey-secret');
    expect(put.request.headers).toMatchObject({ authorization: '***', cookie: '***', 'x-request-id': 'journey-secret' });
    const remove = await detailOf('journey-secret-delete', 4);
    expect(JSON.parse(remove.lambda?.event ?? '{}')).toMatchObject({ headers: { authorization: '***', cookie: '***' } });
    expect(JSON.stringify([put, remove])).not.toMatch(/top-secret|also-secret/);
  });

  it('when a body is larger than the cap, then the console keeps its start, its size, and marks it as cut', async () => {
    const body = JSON.stringify({ name: 'Ada', role: 'engineer', notes: 'n'.repeat(40_000) });
    await fetch(`${stack.routerUrl}/picus/put`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'journey-large' },
      body,
    });
    const detail = await detailOf('journey-large');
    expect(detail.request).toMatchObject({ truncated: true, bodySize: Buffer.byteLength(body) });
    expect(body.startsWith(detail.request.body ?? '-')).toBe(true);
    expect(detail.request.body?.length).toBe(16 * 1024);
    const replay = await consoleJson<{ detail: string }>(`/api/requests/${detail.row.traceId}/replay`, { method: 'POST', headers: CHANGE });
    expect(replay.status).toBe(409);
  });

  it('when the Lambda host is restarted from the console, then it runs under a new pid on its port and the router reaches it again', async () => {
    const before = (await consoleJson<{ services: Array<{ logName: string; pid: number }> }>('/api/services')).body.services.find(
      (service) => service.logName === 'delete-fn',
    );
    const restarted = await consoleJson<{ pid: number; port: number }>('/api/services/delete-fn/restart', {
      method: 'POST',
      headers: CHANGE,
    });
    expect(restarted.status).toBe(200);
    expect(restarted.body.pid).not.toBe(before?.pid);
    expect(restarted.body.port).toBe(stack.processes['delete-fn'].port);
    const answer = await fetch(`${stack.routerUrl}/picus/00000000-0000-4000-8000-000000000000`, { method: 'DELETE' });
    expect(answer.status).toBe(404);
    expect(answer.headers.get('x-served-by')).toBe('delete-fn');
    const listed = (
      await consoleJson<{ services: Array<{ logName: string; pid: number; state: string; health: string }> }>('/api/services')
    ).body.services;
    expect(listed.find((service) => service.logName === 'delete-fn')).toMatchObject({
      pid: restarted.body.pid,
      state: 'running',
      health: 'healthy',
    });
  });

  it("when the stack restarts a service the console restarted (as `make dev` does on a rebuild), then the console's process is stopped, the new one takes the port and the state file records it", async () => {
    const byConsole = await consoleJson<{ pid: number }>('/api/services/delete-fn/restart', { method: 'POST', headers: CHANGE });
    expect(byConsole.status).toBe(200);
    await stack.restart('delete-fn');
    const now = stack.processes['delete-fn'];
    expect(now.pid).not.toBe(byConsole.body.pid);
    await waitFor(() => !isRunning(byConsole.body.pid), { what: "the console's delete-fn to be gone" });
    expect(stack.services().find((service) => service.logName === 'delete-fn')?.pid).toBe(now.pid);
    const answer = await fetch(`${stack.routerUrl}/picus/00000000-0000-4000-8000-000000000000`, { method: 'DELETE' });
    expect(answer.status).toBe(404);
    expect(answer.headers.get('x-served-by')).toBe('delete-fn');
  });

  it('when the table browser is asked to create an item the spec refuses, then it answers 422 with the reason and sends nothing', async () => {
    const refused = await consoleJson<{ detail: string; errors: string[] }>('/api/table', {
      method: 'POST',
      headers: { ...CHANGE, 'content-type': 'application/json' },
      body: '{"name":"no role"}',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual(["(body): must have required property 'role'"]);
    const created = await consoleJson<{ status: number; body: { id: string } }>('/api/table', {
      method: 'POST',
      headers: { ...CHANGE, 'content-type': 'application/json' },
      body: '{"name":"Grace","role":"admiral"}',
    });
    expect(created.body.status).toBe(201);
    await waitFor(
      async () => (await consoleJson<{ requests: Row[] }>('/api/requests?path=/picus/put&status=201')).body.requests.length > 0,
      { what: 'the create to show as a request' },
    );
    const page = await consoleJson<{ items: Array<{ id: string }> }>('/api/table?limit=100');
    expect(page.body.items.map((item) => item.id)).toContain(created.body.body.id);
    // The refused create never reached the router: no 422 from the api in the list.
    expect((await consoleJson<{ requests: Row[] }>('/api/requests?status=422')).body.requests).toEqual([]);
  });
});
