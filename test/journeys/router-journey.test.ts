import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStack, type EmbeddedStack } from '@picus/local';
import { runCurlFlow } from '@picus/testkit';

let stack: EmbeddedStack;
const dataDir = mkdtempSync(join(tmpdir(), 'picus-journey-data-'));

beforeAll(async () => {
  stack = await startEmbeddedStack({ dataDir });
});
afterAll(async () => {
  await stack?.stop();
});

const json = { 'content-type': 'application/json' };

describe('the original API curl flow through the router', () => {
  it('when a client runs health, put, get, list, delete, get, then each answers as documented and DELETE is served by the Lambda', async () => {
    const steps = await runCurlFlow(stack.routerUrl);
    expect(steps.filter((step) => !step.ok)).toEqual([]);
    expect(steps).toHaveLength(6);
  });

  it('when a request id is sent through the router, then both handlers echo it', async () => {
    const headers = { 'x-request-id': 'journey-request-1' };
    expect((await fetch(`${stack.routerUrl}/picus/health`, { headers })).headers.get('x-request-id')).toBe('journey-request-1');
    const deleted = await fetch(`${stack.routerUrl}/picus/00000000-0000-4000-8000-000000000000`, { method: 'DELETE', headers });
    expect(deleted.status).toBe(404);
    expect(deleted.headers.get('x-request-id')).toBe('journey-request-1');
  });

  it('when no request id is sent, then the ALB trace root becomes the request id', async () => {
    const response = await fetch(`${stack.routerUrl}/picus/health`);
    expect(response.headers.get('x-request-id')).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('when a method the api lacks is used, then the api answers 405 through the router', async () => {
    const response = await fetch(`${stack.routerUrl}/picus/put`, { method: 'PATCH' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('when DELETE has a malformed id, then the Lambda answers 422 in the problem envelope', async () => {
    const response = await fetch(`${stack.routerUrl}/picus/not-a-uuid`, { method: 'DELETE' });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('x-served-by')).toBe('delete-fn');
  });

  it('when Swagger UI is opened through the router, then it is served', async () => {
    const response = await fetch(`${stack.routerUrl}/docs/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger-ui');
  });
});

describe('persistence', () => {
  it('when the stack is stopped and started on the same data, then items created before are still there', async () => {
    const created = await fetch(`${stack.routerUrl}/picus/put`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'Grace', role: 'admiral' }) });
    const { id } = (await created.json()) as { id: string };
    await stack.stop();

    stack = await startEmbeddedStack({ dataDir });
    const got = await fetch(`${stack.routerUrl}/picus/get/${id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ id, payload: { name: 'Grace', role: 'admiral' } });
  });
});
