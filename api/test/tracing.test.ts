import { createItemStoreFromConfig, createLogger, loadConfig, startTracingFromConfig, type Tracing } from '@picus/core';
import { serve, startOtlpCollector, startTestDatabase, waitFor, type OtlpCollector, type Served, type TestDatabase } from '@picus/testkit';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../src/app.js';

/**
 * The api with tracing on, as the stack runs it: the SDK started from the config's
 * OTEL_EXPORTER_OTLP_ENDPOINT, spans sent over OTLP/HTTP to a receiver in this test.
 */
let collector: OtlpCollector;
let db: TestDatabase;
let api: Served;
let tracing: Tracing | undefined;

beforeAll(async () => {
  collector = await startOtlpCollector();
  db = await startTestDatabase();
  const config = loadConfig({
    ...db.env,
    SERVICE_NAME: 'api',
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.baseUrl,
    OTEL_BSP_SCHEDULE_DELAY: '10',
  });
  tracing = await startTracingFromConfig(config);
  api = await serve(
    createApiApp({
      store: createItemStoreFromConfig(config),
      logger: createLogger({ service: 'api', level: 'silent' }),
      validateResponses: true,
      maxBodyBytes: config.MAX_BODY_BYTES,
    }),
  );
});

afterAll(async () => {
  await api?.close();
  await tracing?.shutdown();
  await collector?.close();
  await db?.stop();
});

const spansOf = (traceId: string) => collector.spans.filter((span) => span.traceId === traceId);

describe('tracing in the api', () => {
  it('when a request carries a W3C traceparent, then its server span continues that trace and each DynamoDB call is a child span with its key', async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const created = await fetch(`${api.baseUrl}/picus/put`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'traced-put', traceparent: `00-${traceId}-${callerSpanId}-01` },
      body: '{"name":"Ada","role":"engineer"}',
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await fetch(`${api.baseUrl}/picus/get/${id}`, { headers: { traceparent: `00-${traceId}-${callerSpanId}-01` } });
    await tracing?.flush();
    await waitFor(() => spansOf(traceId).length >= 4, { what: 'two server spans and two DynamoDB spans' });

    const servers = spansOf(traceId).filter((span) => span.kind === 2);
    expect(servers.map((span) => span.name).sort()).toEqual(['GET /picus/get/{id}', 'POST /picus/put']);
    for (const server of servers) expect(server.parentSpanId).toBe(callerSpanId);
    const put = servers.find((span) => span.name === 'POST /picus/put');
    expect(put?.attributes).toMatchObject({
      'http.route': '/picus/put',
      'http.response.status_code': 201,
      'picus.request_id': 'traced-put',
    });

    // Gets and puts go out as BatchGetItem/BatchWriteItem (coalesced); one request alone is a batch of one.
    const calls = spansOf(traceId).filter((span) => span.kind === 3);
    const get = servers.find((span) => span.name === 'GET /picus/get/{id}');
    const read = calls.find((span) => span.parentSpanId === get?.spanId);
    expect(read?.attributes).toMatchObject({
      'rpc.service': 'DynamoDB',
      'rpc.method': expect.stringMatching(/^(Batch)?GetItem$/),
      'picus.outcome': 'ok',
      'aws.dynamodb.table_names': expect.anything(),
    });
    expect(String(read?.attributes['picus.dynamodb.key'])).toContain(id);
    const write = calls.find((span) => span.parentSpanId === put?.spanId);
    expect(write?.attributes['rpc.method']).toMatch(/^(BatchWrite|Put)Item$/);
    expect(String(write?.attributes['picus.dynamodb.key'])).toContain(id);
  });

  it('when every item is listed, then the list has one span per DynamoDB call (a Scan per page), never one per item', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        fetch(`${api.baseUrl}/picus/put`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: `listed-${n}`, role: 'r' }),
        }),
      ),
    );
    const traceId = randomBytes(16).toString('hex');
    const listed = await fetch(`${api.baseUrl}/picus/list`, {
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    expect(((await listed.json()) as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(30);
    await tracing?.flush();
    await waitFor(() => spansOf(traceId).some((span) => span.kind === 2), { what: 'the list span' });
    const calls = spansOf(traceId).filter((span) => span.kind === 3);
    expect(calls.map((span) => span.attributes['rpc.method'])).toEqual(['Scan']);
  });

  it('when a client leaves before its list is answered, then the list span and its DynamoDB span still end (and are exported)', async () => {
    const traceId = randomBytes(16).toString('hex');
    await new Promise<void>((resolve) => {
      const request = httpRequest(`${api.baseUrl}/picus/list`, {
        headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      });
      request.on('error', () => resolve());
      request.on('close', () => resolve());
      request.end(() => setImmediate(() => request.destroy()));
    });
    await waitFor(
      async () => {
        await tracing?.flush();
        return spansOf(traceId).some((span) => span.kind === 2) && spansOf(traceId).some((span) => span.kind === 3);
      },
      { what: 'the server span of the abandoned list and its Scan span' },
    );
  });

  it("when a request says it is not sampled (as the router's health checks and the stack's probes do), then no span is made", async () => {
    const traceId = randomBytes(16).toString('hex');
    await fetch(`${api.baseUrl}/picus/health`, {
      headers: { 'user-agent': 'ELB-HealthChecker/2.0', traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-00` },
    });
    const marker = randomBytes(16).toString('hex');
    await fetch(`${api.baseUrl}/picus/health`, {
      headers: { 'user-agent': 'ELB-HealthChecker/2.0', traceparent: `00-${marker}-${randomBytes(8).toString('hex')}-01` },
    });
    await tracing?.flush();
    await waitFor(() => spansOf(marker).length > 0, { what: 'the sampled request span (a User-Agent alone hides nothing)' });
    expect(spansOf(traceId)).toEqual([]);
  });
});
