import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedMethods, specMethodsFor, specOperations } from '@picus/testkit';
import { openApiDocument } from '@picus/core';
import { startApiUnderTest, type ApiUnderTest } from './api-under-test.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let api: ApiUnderTest;
beforeAll(async () => {
  api = await startApiUnderTest();
});
afterAll(async () => {
  await api?.stop();
});

const post = (body: string, contentType = 'application/json') =>
  fetch(`${api.baseUrl}/picus/put`, { method: 'POST', headers: { 'content-type': contentType }, body });

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({
    status,
    type: expect.stringMatching(/^\/problems\//),
    title: expect.any(String),
    detail: expect.any(String),
  });
  expect(JSON.stringify(body)).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules|Error:/);
  return body;
}

describe('GET /picus/health', () => {
  it('when asked, then answers the original body', async () => {
    const response = await fetch(`${api.baseUrl}/picus/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', message: 'Picus-API alive' });
    expect(response.headers.get('x-served-by')).toBe('api');
  });

  it('when asked plainly (the fast path) and with an empty query (the validated route), then both answers are the same, headers included', async () => {
    const plain = await fetch(`${api.baseUrl}/picus/health`);
    const validated = await fetch(`${api.baseUrl}/picus/health?`);
    const comparable = (response: Response) =>
      Object.fromEntries([...response.headers].filter(([name]) => !['date', 'x-request-id', 'etag'].includes(name)));
    expect(comparable(plain)).toEqual(comparable(validated));
    expect(await plain.text()).toBe(await validated.text());
    const unknownQuery = await fetch(`${api.baseUrl}/picus/health?verbose=1`);
    expect(unknownQuery.status).toBe(422);
  });

  it('when the process is draining, then answers 503 with Retry-After', async () => {
    let draining = false;
    const drainingApi = await startApiUnderTest({ maxBodyBytes: 1024, isDraining: () => draining });
    try {
      expect((await fetch(`${drainingApi.baseUrl}/picus/health`)).status).toBe(200);
      draining = true;
      const response = await fetch(`${drainingApi.baseUrl}/picus/health`);
      await expectProblem(response, 503);
      expect(response.headers.get('retry-after')).toBe('1');
    } finally {
      await drainingApi.stop();
    }
  });
});

describe('POST /picus/put', () => {
  it('when the body has name and role, then stores it and answers 201 with a v4 uuid', async () => {
    const payload = { name: 'Ada', role: 'engineer', nested: { tags: ['a', 'b'], score: 1.5, nothing: null, empty: '' } };
    const response = await post(JSON.stringify(payload));
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect(id).toMatch(UUID);
    expect(response.headers.get('location')).toBe(`/picus/get/${id}`);

    const stored = (await (await fetch(`${api.baseUrl}/picus/get/${id}`)).json()) as Record<string, unknown>;
    expect(stored).toEqual({ id, payload, created_at: expect.any(String) });
    expect(Date.parse(stored.created_at as string)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('when the body lacks role, then answers 422 naming role', async () => {
    const body = await expectProblem(await post(JSON.stringify({ name: 'Ada' })), 422);
    expect(body.errors).toEqual([expect.objectContaining({ location: 'body', path: '/role' })]);
    expect(body.detail).toContain('role');
  });

  it('when role is not a string, then answers 422', async () => {
    const body = await expectProblem(await post(JSON.stringify({ name: 'Ada', role: 7 })), 422);
    expect(body.errors).toEqual([expect.objectContaining({ path: '/role', message: 'must be string' })]);
  });

  it('when the body is a JSON array, then answers 422', async () => {
    await expectProblem(await post('[{"name":"a","role":"b"}]'), 422);
  });

  it('when the body is malformed JSON, then answers 400', async () => {
    const body = await expectProblem(await post('{"name": "Ada",'), 400);
    expect(body.detail).toBe('The request body is not valid JSON.');
  });

  it('when the body is text/plain, then answers 415', async () => {
    await expectProblem(await post('name=Ada', 'text/plain'), 415);
  });

  it('when the body is 1.5 MB, then answers 413', async () => {
    const big = JSON.stringify({ name: 'Ada', role: 'x', blob: 'x'.repeat(1_500_000) });
    await expectProblem(await post(big), 413);
  });

  it('when a number is beyond what JSON.parse can hold (1e999), then answers 422 instead of storing null', async () => {
    const body = await expectProblem(await post('{"name":"a","role":"b","n":1e999}'), 422);
    expect(body.detail).toContain('"n"');
  });

  it('when the payload holds edge cases DynamoDB maps can hold (extreme doubles, 32 levels, __proto__, unicode, empty strings, nulls), then it round-trips exactly', async () => {
    let deep: unknown = 'bottom';
    // The payload map is level 1, these 30 maps levels 2 to 31, the string level 32: DynamoDB's limit.
    for (let i = 0; i < 30; i += 1) deep = { d: deep };
    const text =
      `{"name":"","role":"r","big":9.999999999999998e125,"tiny":1e-130,"neg":-1.7976931348623157e125,"frac":0.30000000000000004,"int":9007199254740993,` +
      `"deep":${JSON.stringify(deep)},"__proto__":{"polluted":true},"uni":"\u00e9\ud83d\ude00","n":null,"list":[[],{},[null,true,1.5]],"empty":""}`;
    const response = await post(text);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const stored = (await (await fetch(`${api.baseUrl}/picus/get/${id}`)).json()) as { payload: unknown };
    expect(stored.payload).toEqual(JSON.parse(text));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('when a number is outside DynamoDB range (1e300, 1e-300), then answers 422 naming the number and where it is', async () => {
    for (const [number, pointer] of [
      ['1e300', '/big'],
      ['-1e126', '/big'],
      ['1e-300', '/big'],
      ['5e-324', '/big'],
    ] as const) {
      const body = await expectProblem(await post(`{"name":"n","role":"r","big":${number}}`), 422);
      expect(body.detail).toMatch(/outside DynamoDB's range/);
      expect(body.errors).toEqual([expect.objectContaining({ location: 'body', path: pointer })]);
    }
  });

  it('when the payload nests deeper than DynamoDB 32 levels, then answers 422 naming the depth', async () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 31; i += 1) deep = { d: deep };
    const body = await expectProblem(await post(`{"name":"n","role":"r","deep":${JSON.stringify(deep)}}`), 422);
    expect(body.detail).toMatch(/deeper than DynamoDB's 32 levels/);
  });
});

describe('GET /picus/get/{id}', () => {
  it('when no item has the id, then answers 404 with the original detail', async () => {
    const body = await expectProblem(await fetch(`${api.baseUrl}/picus/get/00000000-0000-4000-8000-000000000000`), 404);
    expect(body.detail).toBe('Item not found');
  });

  it('when the id is not a uuid, then answers 422 naming the path parameter', async () => {
    const body = await expectProblem(await fetch(`${api.baseUrl}/picus/get/not-a-uuid`), 422);
    expect(body.errors).toEqual([expect.objectContaining({ location: 'path', path: '/id' })]);
  });
});

describe('GET /picus/list', () => {
  it('when items exist, then pages through all of them with next_cursor', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i += 1)
      ids.add(((await (await post(JSON.stringify({ name: `n${i}`, role: 'r' }))).json()) as { id: string }).id);
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const response = await fetch(`${api.baseUrl}/picus/list?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: Array<{ id: string }>; next_cursor?: string };
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const item of page.items) seen.add(item.id);
      cursor = page.next_cursor;
    } while (cursor);
    for (const id of ids) expect(seen.has(id)).toBe(true);
  });

  it('when limit is out of range or not a number, then answers 422', async () => {
    for (const limit of ['0', '1001', 'ten']) {
      const body = await expectProblem(await fetch(`${api.baseUrl}/picus/list?limit=${limit}`), 422);
      expect(body.errors).toEqual([expect.objectContaining({ location: 'query', path: '/limit' })]);
    }
  });

  it('when the cursor was forged, then answers 422 naming cursor', async () => {
    const forged = `${Buffer.from(JSON.stringify({ id: '00000000-0000-4000-8000-000000000000' })).toString('base64url')}.AAAAAAAAAAAAAAAAAAAAAA`;
    const body = await expectProblem(await fetch(`${api.baseUrl}/picus/list?cursor=${forged}`), 422);
    expect(body.errors).toEqual([expect.objectContaining({ location: 'query', path: '/cursor' })]);
  });

  it('when an unknown query parameter is sent, then answers 422', async () => {
    await expectProblem(await fetch(`${api.baseUrl}/picus/list?colour=blue`), 422);
  });
});

describe('routing errors', () => {
  it('when PATCH /picus/put, then answers 405 with Allow naming the methods the spec gives the path', async () => {
    const response = await fetch(`${api.baseUrl}/picus/put`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    await expectProblem(response, 405);
    expect(allowedMethods(response.headers.get('allow'))).toEqual(specMethodsFor(openApiDocument, '/picus/put'));
  });

  it('when the path is unknown, then answers 404 in the problem envelope', async () => {
    await expectProblem(await fetch(`${api.baseUrl}/nope`), 404);
  });
});

describe('cross-cutting', () => {
  it('when a request id is sent, then it is echoed and logged with the item id', async () => {
    const response = await fetch(`${api.baseUrl}/picus/put`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'journey-42' },
      body: '{"name":"a","role":"b"}',
    });
    expect(response.headers.get('x-request-id')).toBe('journey-42');
    const { id } = (await response.json()) as { id: string };
    expect(api.logs.lines()).toContainEqual(
      expect.objectContaining({ service: 'api', requestId: 'journey-42', itemId: id, msg: 'item created' }),
    );
  });

  it('when no request id is sent, then one is generated', async () => {
    const response = await fetch(`${api.baseUrl}/picus/health`);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when any response is sent, then security headers are present', async () => {
    const response = await fetch(`${api.baseUrl}/picus/health`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBeTruthy();
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});

describe('docs', () => {
  it('when /docs is opened, then Swagger UI is served', async () => {
    const response = await fetch(`${api.baseUrl}/docs/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger-ui');
  });

  it('when the spec is fetched, then JSON and YAML forms describe every operation of openapi.yaml', async () => {
    const expected = specOperations(openApiDocument).map(({ operationId, method, path }) => `${method} ${path} ${operationId}`);
    expect(expected.length).toBeGreaterThan(0);
    const served = (await (await fetch(`${api.baseUrl}/openapi.json`)).json()) as object;
    expect(specOperations(served).map(({ operationId, method, path }) => `${method} ${path} ${operationId}`)).toEqual(expected);
    const yaml = await (await fetch(`${api.baseUrl}/openapi.yaml`)).text();
    for (const { operationId } of specOperations(openApiDocument)) expect(yaml).toContain(`operationId: ${operationId}`);
  });
});
