/**
 * The black-box journeys through the router, written once and run against every stack that serves
 * them: the embedded stack (router-journey.test.ts) and the Compose stack (test/compose), each
 * reached only through its router's URL.
 */
import { describe, expect, it } from 'vitest';
import { topology } from '@picus/infra';
import { openApiDocument } from '@picus/core';
import { allowedMethods, runCurlFlow, specMethodsFor } from '@picus/testkit';

export interface JourneyTarget {
  /** The router's URL, read when each test runs (a restart may move it). */
  readonly routerUrl: () => string;
  /** Stops the stack and starts it again on the same data, as `make down` / `make up` do. */
  readonly restart: () => Promise<void>;
  /** Why data cannot survive a restart on this stack, when it cannot; the persistence test then skips. */
  readonly noPersistence?: string | undefined;
  /** Bound on the persistence test, which restarts the stack. */
  readonly restartTimeoutMs?: number;
  /** A bearer JWT for the writes and deletes, where the router verifies them (AUTH=jwt). */
  readonly token?: () => string;
}

const jsonType = { 'content-type': 'application/json' };

export function describeRouterJourneys(stackName: string, target: JourneyTarget): void {
  const url = (path: string) => `${target.routerUrl()}${path}`;
  // With a token, every write and delete carries it, so the same journeys run open and under AUTH=jwt.
  const auth = (): Record<string, string> => (target.token ? { authorization: `Bearer ${target.token()}` } : {});
  const json = () => ({ ...jsonType, ...auth() });

  describe(`${stackName}: the original API curl flow through the router`, () => {
    it('when a client runs health, put, get, list, delete, get, then each answers as documented and DELETE is served by the Lambda', async () => {
      const steps = await runCurlFlow(target.routerUrl(), target.token ? { token: target.token() } : {});
      expect(steps.filter((step) => !step.ok)).toEqual([]);
      expect(steps).toHaveLength(6);
    });

    it('when a request id is sent through the router, then both handlers echo it', async () => {
      const headers = { 'x-request-id': 'journey-request-1' };
      expect((await fetch(url('/picus/health'), { headers })).headers.get('x-request-id')).toBe('journey-request-1');
      const deleted = await fetch(url('/picus/00000000-0000-4000-8000-000000000000'), {
        method: 'DELETE',
        headers: { ...headers, ...auth() },
      });
      expect(deleted.status).toBe(404);
      expect(deleted.headers.get('x-request-id')).toBe('journey-request-1');
    });

    it('when no request id is sent, then the ALB trace root becomes the request id', async () => {
      const response = await fetch(url('/picus/health'));
      expect(response.headers.get('x-request-id')).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    });

    it('when Swagger UI is opened through the router, then it is served', async () => {
      const response = await fetch(url('/docs/'));
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('swagger-ui');
    });
  });

  describe(`${stackName}: the router's own answers`, () => {
    it('when no listener rule matches, then the router answers its fixed 404 without reaching a handler', async () => {
      const response = await fetch(url('/nowhere'));
      expect(response.status).toBe(404);
      expect(response.headers.get('x-served-by')).toBeNull();
      expect(await response.json()).toEqual(JSON.parse(topology.listener.defaultAction.body));
    });

    it('when a method the api lacks is used, then the api answers 405 with Allow through the router', async () => {
      const response = await fetch(url('/picus/put'), { method: 'PATCH' });
      expect(response.status).toBe(405);
      expect(allowedMethods(response.headers.get('allow'))).toEqual(specMethodsFor(openApiDocument, '/picus/put'));
    });
  });

  describe(`${stackName}: bad input`, () => {
    const problem = async (response: Response) => {
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      return (await response.json()) as { status: number; detail: string; errors?: unknown[] };
    };

    it('when a create body is not valid JSON, then the api answers 400 in the problem envelope', async () => {
      const response = await fetch(url('/picus/put'), { method: 'POST', headers: json(), body: '{"name":' });
      expect(response.status).toBe(400);
      expect((await problem(response)).status).toBe(400);
    });

    it('when a create body is not JSON at all, then the api answers 415', async () => {
      const response = await fetch(url('/picus/put'), {
        method: 'POST',
        headers: { 'content-type': 'text/plain', ...auth() },
        body: 'name=Ada',
      });
      expect(response.status).toBe(415);
      await problem(response);
    });

    it('when a create body lacks a required field, then the api answers 422 naming it', async () => {
      const response = await fetch(url('/picus/put'), { method: 'POST', headers: json(), body: JSON.stringify({ name: 'Ada' }) });
      expect(response.status).toBe(422);
      expect(JSON.stringify((await problem(response)).errors)).toContain('role');
    });

    it('when DELETE has a malformed id, then the Lambda answers 422 in the problem envelope', async () => {
      const response = await fetch(url('/picus/not-a-uuid'), { method: 'DELETE', headers: auth() });
      expect(response.status).toBe(422);
      expect(response.headers.get('x-served-by')).toBe('delete-fn');
      await problem(response);
    });
  });

  describe(`${stackName}: persistence`, () => {
    if (target.noPersistence) console.warn(`${stackName} persistence test skipped: ${target.noPersistence}`);
    it.skipIf(target.noPersistence !== undefined)(
      'when the stack is stopped and started on the same data, then items created before are still there',
      async () => {
        const created = await fetch(url('/picus/put'), {
          method: 'POST',
          headers: json(),
          body: JSON.stringify({ name: 'Grace', role: 'admiral' }),
        });
        const { id } = (await created.json()) as { id: string };
        await target.restart();
        const got = await fetch(url(`/picus/get/${id}`));
        expect(got.status).toBe(200);
        expect(await got.json()).toMatchObject({ id, payload: { name: 'Grace', role: 'admiral' } });
      },
      target.restartTimeoutMs,
    );
  });
}
