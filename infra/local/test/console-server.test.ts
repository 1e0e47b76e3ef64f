import { context, SpanKind, trace as otelTrace } from '@opentelemetry/api';
import { SpanAttr, startTracing, tracer, type Tracing } from '@picus/core';
import { serve, waitFor, type Served } from '@picus/testkit';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleServer } from '../console/console-server.js';
import { RequestLog } from '../console/request-log.js';
import { SseHub } from '../console/sse-hub.js';
import { StackServices } from '../console/stack-services.js';
import { TableBrowser } from '../console/table-browser.js';

/**
 * The console's server in-process on a free port, fed by the real OpenTelemetry SDK and its OTLP/HTTP
 * exporter, as the stack's processes feed it.
 */
const MAX_TRACES = 50;
let console_: Served;
let tracing: Tracing;
const hub = new SseHub();

beforeAll(async () => {
  const requests = new RequestLog({ maxTraces: MAX_TRACES, maxSpansPerTrace: 64 }, hub);
  console_ = await serve(
    createConsoleServer({
      requests,
      hub,
      services: new StackServices({}),
      table: new TableBrowser({ dynamodbEndpoint: () => undefined, routerUrl: () => undefined, tableName: 'picus' }),
      routerUrl: () => undefined,
      uiDir: fileURLToPath(new URL('../console/ui/', import.meta.url)),
    }),
  );
  tracing = await startTracing({ endpoint: console_.baseUrl, serviceName: 'router', scheduledDelayMs: 10 });
});

afterAll(async () => {
  await tracing.shutdown();
  hub.close();
  await console_.close();
});

/** A request as the router records it: its span, and a handler span and a DynamoDB span below it. */
async function routeRequest(requestId: string, options: { status?: number; path?: string } = {}): Promise<string> {
  const root = tracer().startSpan(`router GET ${options.path ?? '/picus/get/1'}`, {
    kind: SpanKind.SERVER,
    attributes: {
      [SpanAttr.method]: 'GET',
      [SpanAttr.path]: options.path ?? '/picus/get/1',
      [SpanAttr.albRule]: '20: /picus/*',
      [SpanAttr.albTargetGroup]: 'api',
      [SpanAttr.albTarget]: '127.0.0.1:8000',
      [SpanAttr.status]: options.status ?? 200,
      [SpanAttr.requestId]: requestId,
      [SpanAttr.requestHeaders]: JSON.stringify({ authorization: 'Bearer leaked?', 'x-request-id': requestId }),
    },
  });
  const inRoot = otelTrace.setSpan(context.active(), root);
  const handler = tracer().startSpan('GET /picus/get/{id}', { kind: SpanKind.SERVER }, inRoot);
  const dynamo = tracer().startSpan(
    'DynamoDB.GetItem',
    {
      kind: SpanKind.CLIENT,
      attributes: { [SpanAttr.rpcService]: 'DynamoDB', [SpanAttr.rpcMethod]: 'GetItem', [SpanAttr.dynamoKey]: '{"id":"1"}' },
    },
    otelTrace.setSpan(inRoot, handler),
  );
  dynamo.end();
  handler.end();
  root.end();
  await tracing.flush();
  return root.spanContext().traceId;
}

const getJson = async (path: string, init?: RequestInit) => {
  const response = await fetch(`${console_.baseUrl}${path}`, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('the console takes spans over OTLP/HTTP', () => {
  it('when the router exports a request, then the list shows its rule, group, target, status and request id, and its detail the trace', async () => {
    const traceId = await routeRequest('req-listed');
    const { body } = await getJson('/api/requests?path=/picus/get');
    expect(body.requests).toContainEqual(
      expect.objectContaining({
        traceId,
        method: 'GET',
        rule: '20: /picus/*',
        targetGroup: 'api',
        target: '127.0.0.1:8000',
        status: 200,
        requestId: 'req-listed',
      }),
    );

    const detail = (await getJson(`/api/requests/${traceId}`)).body as {
      spans: Array<{ name: string; depth: number }>;
      request: { headers: Record<string, string> };
    };
    expect(detail.spans.map((span) => [span.name, span.depth])).toEqual([
      ['router GET /picus/get/1', 0],
      ['GET /picus/get/{id}', 1],
      ['DynamoDB.GetItem', 2],
    ]);
    expect(detail.request.headers.authorization).toBe('***');
  });

  it('when a request arrives while a page listens, then the page gets it as a server-sent event', async () => {
    const stream = await fetch(`${console_.baseUrl}/api/events`);
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    const reader = stream.body!.getReader();
    let received = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        received += Buffer.from(value).toString('utf8');
      }
    })();
    await waitFor(() => hub.size > 0, { what: 'the stream to be attached' });
    await routeRequest('req-streamed');
    await waitFor(() => /event: request\ndata: .*"requestId":"req-streamed"/.test(received), {
      what: 'the request event',
      timeoutMs: 5_000,
    });
    await reader.cancel();
    await reading;
  });

  it('when the filters ask for a status class or a target, then only matching rows come back', async () => {
    await routeRequest('req-404', { status: 404, path: '/picus/get/missing' });
    const notFound = (await getJson('/api/requests?status=4xx')).body.requests as Array<{ requestId: string; status: number }>;
    expect(notFound.map((row) => row.status)).toEqual(notFound.map(() => 404));
    expect(notFound.map((row) => row.requestId)).toContain('req-404');
    expect((await getJson('/api/requests?target=delete-fn')).body.requests).toEqual([]);
  });

  it('when more requests arrive than the console keeps, then it lists only the most recent ones', async () => {
    for (let i = 0; i < MAX_TRACES * 2; i += 1) await routeRequest(`req-many-${i}`);
    const { body } = await getJson('/api/requests?limit=1000');
    const ids = (body.requests as Array<{ requestId: string }>).map((row) => row.requestId);
    expect(ids).toHaveLength(MAX_TRACES);
    expect(ids[0]).toBe(`req-many-${MAX_TRACES * 2 - 1}`);
    expect((await getJson('/api/health')).body.traces).toBe(MAX_TRACES);
  });
});

describe('the console is safe on a developer machine', () => {
  /** The status of a request with this Host: fetch sets Host itself; node:http sends the one given, as a rebound DNS name would arrive. */
  const statusWithHost = (path: string, host: string, method = 'GET', body?: string) =>
    new Promise<number>((resolve, reject) => {
      request(`${console_.baseUrl}${path}`, { method, headers: { host, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end(body);
    });

  it('when a page from another site (another Host) asks, then it is refused', async () => {
    expect(await statusWithHost('/api/requests', 'attacker.example:8090')).toBe(403);
  });

  it('when spans are posted under another Host (a page reaching 127.0.0.1 by DNS rebinding), then they are refused; the Compose name is taken', async () => {
    const empty = JSON.stringify({ resourceSpans: [] });
    expect(await statusWithHost('/v1/traces', 'attacker.example:8090', 'POST', empty)).toBe(403);
    expect(await statusWithHost('/v1/traces', 'console:8090', 'POST', empty)).toBe(200);
  });

  it('when a change comes without the console page header (a cross-site form), then it is refused', async () => {
    expect((await getJson('/api/services/api/restart', { method: 'POST' })).status).toBe(403);
  });

  it('when an export is not OTLP JSON, then it gets 415 or 400 with a reason, and the console keeps serving', async () => {
    const protobuf = await getJson('/v1/traces', { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: 'x' });
    expect(protobuf.status).toBe(415);
    const wrongShape = await getJson('/v1/traces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"spans":[]}',
    });
    expect(wrongShape).toMatchObject({ status: 400, body: { detail: expect.stringContaining('resourceSpans') } });
    const badIds = await getJson('/v1/traces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'zz', spanId: 'yy' }] }] }] }),
    });
    expect(badIds.status).toBe(400);
    expect((await getJson('/api/health')).status).toBe(200);
  });
});
