import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { allowedMethods, specMethodsFor } from '@picus/testkit';
import { openApiDocument } from '@picus/core';
import { startApiUnderTest, type ApiUnderTest } from './api-under-test.js';

let api: ApiUnderTest;
beforeAll(async () => {
  api = await startApiUnderTest({ maxBodyBytes: 2048 });
});
afterAll(async () => {
  await api?.stop();
});

/** Writes raw bytes on one connection and resolves with everything read until the server closes it. */
function exchange(raw: string, deadlineMs = 5_000): Promise<{ text: string; closedByServer: boolean }> {
  const { hostname, port } = new URL(api.baseUrl);
  return new Promise((resolve) => {
    let text = '';
    const socket = connect(Number(port), hostname, () => socket.write(raw));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closedByServer: false });
    }, deadlineMs);
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('end', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closedByServer: true });
    });
  });
}

describe('routing as ALB and WAF match paths', () => {
  // `/picus/LIST` is not the list: it is `/picus/{id}` with id "LIST", which has only the methods the spec gives `/picus/{id}`.
  it.each([
    ['/picus/LIST', 405],
    ['/picus/Health', 405],
    ['/PICUS/list', 404],
    ['/picus/list/', 404],
    ['/picus/health/', 404],
  ])('when %s is asked, then it is %i, not another spelling of a route', async (path, status) => {
    const response = await fetch(`${api.baseUrl}${path}`);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    if (status === 405) expect(allowedMethods(response.headers.get('allow'))).toEqual(specMethodsFor(openApiDocument, path));
  });

  it('when a get has a trailing slash after the id, then it is 404', async () => {
    const { id } = (await (
      await fetch(`${api.baseUrl}/picus/put`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"Ada","role":"engineer"}',
      })
    ).json()) as { id: string };
    expect((await fetch(`${api.baseUrl}/picus/get/${id}`)).status).toBe(200);
    expect((await fetch(`${api.baseUrl}/picus/get/${id}/`)).status).toBe(404);
    expect((await fetch(`${api.baseUrl}/picus/GET/${id}`)).status).toBe(404);
  });

  it('when the exact paths are asked, then they still answer (the validator matches what the router matches)', async () => {
    expect((await fetch(`${api.baseUrl}/picus/health`)).status).toBe(200);
    expect((await fetch(`${api.baseUrl}/picus/list?limit=1`)).status).toBe(200);
  });
});

describe('413', () => {
  it('when a body over the limit arrives on a keep-alive connection, then the answer is 413 with Connection: close and the server closes it', async () => {
    const body = JSON.stringify({ name: 'Ada', role: 'x'.repeat(4096) });
    const pipelined = 'GET /picus/health HTTP/1.1\r\nHost: x\r\n\r\n';
    const result = await exchange(
      `POST /picus/put HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}${pipelined}`,
    );
    expect(result.closedByServer).toBe(true);
    expect(result.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(result.text.toLowerCase()).toContain('connection: close');
    // The request pipelined behind the refused body is not answered on this connection.
    expect(result.text.match(/HTTP\/1\.1 \d{3}/g)).toHaveLength(1);
  });
});

describe('access log and request ids', () => {
  it('when a request claims to be the ALB health checker, then its access log stays at info', async () => {
    const response = await fetch(`${api.baseUrl}/picus/list?limit=1`, {
      headers: { 'user-agent': 'ELB-HealthChecker/2.0', 'x-request-id': 'spoofed-health-check' },
    });
    expect(response.status).toBe(200);
    const line = api.logs.lines().find((entry) => entry.requestId === 'spoofed-health-check' && entry.msg === 'request');
    expect(line).toMatchObject({ level: 'info', path: '/picus/list', status: 200 });
  });

  it('when the health check path is polled, then its access log is at debug whatever the User-Agent', async () => {
    await fetch(`${api.baseUrl}/picus/health`, { headers: { 'user-agent': 'curl/8.5.0', 'x-request-id': 'plain-health-check' } });
    const line = api.logs.lines().find((entry) => entry.requestId === 'plain-health-check' && entry.msg === 'request');
    expect(line).toMatchObject({ level: 'debug', path: '/picus/health' });
  });

  it('when a caller sends its own request id, then the log carries it beside a server-generated one', async () => {
    await fetch(`${api.baseUrl}/picus/list?limit=1`, { headers: { 'x-request-id': 'caller-chosen-id' } });
    await fetch(`${api.baseUrl}/picus/list?limit=1`, { headers: { 'x-request-id': 'caller-chosen-id' } });
    const lines = api.logs.lines().filter((entry) => entry.requestId === 'caller-chosen-id' && entry.msg === 'request');
    expect(lines).toHaveLength(2);
    const serverIds = lines.map((entry) => entry.serverRequestId);
    for (const id of serverIds) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The caller reused its id; the server's ids still tell the two requests apart.
    expect(new Set(serverIds).size).toBe(2);
  });

  it('when a caller sends no request id, then the answered id is the server-generated one', async () => {
    const response = await fetch(`${api.baseUrl}/picus/list?limit=1`);
    const id = response.headers.get('x-request-id');
    const line = api.logs.lines().find((entry) => entry.requestId === id && entry.msg === 'request');
    expect(line?.serverRequestId).toBe(id);
  });
});
