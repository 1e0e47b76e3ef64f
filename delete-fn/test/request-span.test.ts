import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createItemStoreFromConfig, createLogger, loadConfig, SpanAttr, startTracing, type Tracing } from '@picus/core';
import { serve, startTestDatabase, waitFor, type Served, type TestDatabase } from '@picus/testkit';
import { albHandler } from '../src/alb-handler.js';
import { createDeleteFnApp } from '../src/app.js';
import { albEvent } from './alb-events.js';

interface ReceivedSpan {
  readonly name: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly attributes: Record<string, unknown>;
}

/** The Lambda's spans as the console receives them: OTLP/HTTP JSON, to a receiver in this test. */
const received: ReceivedSpan[] = [];
let collector: Served;
let tracing: Tracing;
let db: TestDatabase;

beforeAll(async () => {
  collector = await serve((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: Array<{
          scopeSpans: Array<{
            spans: Array<Omit<ReceivedSpan, 'attributes'> & { attributes: Array<{ key: string; value: Record<string, unknown> }> }>;
          }>;
        }>;
      };
      for (const span of body.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans))) {
        received.push({ ...span, attributes: Object.fromEntries(span.attributes.map(({ key, value }) => [key, Object.values(value)[0]])) });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
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

    await waitFor(() => received.some((span) => span.attributes[SpanAttr.requestId] === 'span-1'), { what: 'the request span' });
    const server = received.find((span) => span.attributes[SpanAttr.requestId] === 'span-1');
    expect(server).toMatchObject({
      name: 'DELETE /picus/{id}',
      attributes: { [SpanAttr.route]: '/picus/{id}', [SpanAttr.status]: 200, [SpanAttr.method]: 'DELETE' },
    });
    await waitFor(() => received.some((span) => span.name === 'DynamoDB.DeleteItem' && span.parentSpanId === server?.spanId), {
      what: 'the DeleteItem span under it',
    });
  });
});
