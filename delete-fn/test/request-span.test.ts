import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createItemStoreFromConfig, createLogger, loadConfig, SpanAttr, startTracing, type Tracing } from '@picus/core';
import { startOtlpCollector, startTestDatabase, waitFor, type OtlpCollector, type TestDatabase } from '@picus/testkit';
import { albHandler } from '../src/alb-handler.js';
import { createDeleteFnApp } from '../src/app.js';
import { albEvent } from './alb-events.js';

/** The Lambda's spans as the console receives them: OTLP/HTTP JSON, to a receiver in this test. */
let collector: OtlpCollector;
let tracing: Tracing;
let db: TestDatabase;

beforeAll(async () => {
  collector = await startOtlpCollector();
  tracing = await startTracing({ endpoint: collector.baseUrl, serviceName: 'delete-fn', scheduledDelayMs: 10 });
  db = await startTestDatabase();
});
afterAll(async () => {
  await tracing?.shutdown();
  await collector?.close();
  await db?.stop();
});

describe("the Lambda's request span", () => {
  it('when tracing is on, then each request is a server span named by its route, holding status and request id, with the DeleteItem call under it', async () => {
    const config = loadConfig(db.env);
    const store = createItemStoreFromConfig(config);
    const logger = createLogger({ service: 'delete-fn', level: 'silent' });
    const handler = albHandler(createDeleteFnApp({ store, logger, validateResponses: true, maxBodyBytes: config.MAX_BODY_BYTES }), logger);
    const item = await store.put({ name: 'Ada', role: 'engineer' });
    const event = albEvent({ httpMethod: 'DELETE', path: `/picus/${item.id}` });
    event.headers = { ...event.headers, 'x-request-id': 'span-1' };
    expect((await handler(event, { awsRequestId: 'aws-1', functionName: 'picus-delete-fn' } as Context)).statusCode).toBe(200);

    await waitFor(() => collector.spans.some((span) => span.attributes[SpanAttr.requestId] === 'span-1'), { what: 'the request span' });
    const server = collector.spans.find((span) => span.attributes[SpanAttr.requestId] === 'span-1');
    expect(server).toMatchObject({
      name: 'DELETE /picus/{id}',
      attributes: { [SpanAttr.route]: '/picus/{id}', [SpanAttr.status]: 200, [SpanAttr.method]: 'DELETE' },
    });
    await waitFor(() => collector.spans.some((span) => span.name === 'DynamoDB.DeleteItem' && span.parentSpanId === server?.spanId), {
      what: 'the DeleteItem span under it',
    });
  });
});
