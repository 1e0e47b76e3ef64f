import type { ALBEvent, ALBResult, Context } from 'aws-lambda';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createLogger, ProblemError } from '@picus/core';
import { captureLogs, serve, type Served } from '@picus/testkit';
import { useHandlerUnderTest } from './handler-under-test.js';

/**
 * The Lambda's compiled validation against the api's: the same requests go to the Lambda (as ALB
 * events) and to core's createApp, the stack the api runs (express.json, express-openapi-validator
 * with the api's options, the problem mapping), serving the same DELETE route on the same table.
 * Both must answer the same status, problem type and detail, `Allow`, and field errors.
 */
const lambda = useHandlerUnderTest();
let reference: Served;

beforeAll(async () => {
  const logger = createLogger({ service: 'reference', level: 'silent', destination: captureLogs().destination });
  const app = createApp({
    logger,
    validateResponses: true,
    maxBodyBytes: 409_600,
    routes: (router) => {
      router.delete('/picus/:id', async (req, res) => {
        const id = String(req.params.id);
        if (!(await lambda.store.delete(id))) throw new ProblemError('notFound', 'Item not found');
        res.json({ deleted: id });
      });
    },
  });
  reference = await serve(app);
});
afterAll(async () => {
  await reference?.close();
});

const context = { awsRequestId: 'parity-1', functionName: 'picus-delete-fn' } as Context;
const MISSING = '00000000-0000-4000-8000-000000000000';

interface Case {
  readonly name: string;
  readonly method?: string;
  /** Path and query, as sent: percent-escapes stay as they are. */
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
}

const json = { 'content-type': 'application/json' };
const cases: Case[] = [
  { name: 'a malformed id', url: '/picus/not-a-uuid' },
  { name: 'an id that is almost a uuid', url: '/picus/00000000-0000-4000-8000-00000000000g' },
  { name: 'an unknown id', url: `/picus/${MISSING}` },
  { name: 'an unknown id in capitals', url: `/picus/${MISSING.toUpperCase().replace(/-/g, '-')}` },
  { name: 'a trailing slash', url: `/picus/${MISSING}/` },
  { name: 'a malformed id and a trailing slash', url: '/picus/not-a-uuid/' },
  { name: 'the path in capitals', url: `/PICUS/${MISSING}` },
  { name: 'a deeper path', url: `/picus/${MISSING}/more` },
  { name: 'a path outside the API', url: '/elsewhere' },
  { name: 'the list path', url: '/picus/list' },
  { name: 'the create path', url: '/picus/put' },
  { name: 'the read path', url: `/picus/get/${MISSING}` },
  { name: 'the health path', url: '/picus/health' },
  { name: 'a malformed escape in the id', url: '/picus/%E0%A4%A' },
  { name: 'an escaped valid id', url: `/picus/${MISSING.replace(/0/, '%30')}` },
  { name: 'the wrong method (PUT)', method: 'PUT', url: `/picus/${MISSING}` },
  { name: 'the wrong method (GET)', method: 'GET', url: `/picus/${MISSING}` },
  { name: 'the wrong method (POST) on a malformed id', method: 'POST', url: '/picus/not-a-uuid' },
  { name: 'the wrong method (PATCH)', method: 'PATCH', url: `/picus/${MISSING}` },
  { name: 'an unknown query parameter', url: `/picus/${MISSING}?force=true` },
  { name: 'an empty unknown query parameter', url: `/picus/${MISSING}?force=` },
  { name: 'a query parameter in bracket notation', url: `/picus/${MISSING}?filter[name]=x` },
  { name: 'a repeated unknown query parameter', url: `/picus/${MISSING}?a=1&a=2` },
  { name: 'an unknown query parameter and a malformed id', url: '/picus/not-a-uuid?force=true' },
  { name: 'a body that is not JSON', url: `/picus/${MISSING}`, headers: json, body: '{' },
  { name: 'a JSON body that is not an object', url: `/picus/${MISSING}`, headers: json, body: '"text"' },
  { name: 'a JSON body with an unrepresentable number', url: `/picus/${MISSING}`, headers: json, body: '{"n":1e999}' },
  {
    name: 'a body in an unsupported charset',
    url: `/picus/${MISSING}`,
    headers: { 'content-type': 'application/json; charset=latin1' },
    body: '{}',
  },
  { name: 'a body in an unsupported encoding', url: `/picus/${MISSING}`, headers: { ...json, 'content-encoding': 'compress' }, body: '{}' },
  {
    name: 'a gzipped JSON body',
    url: `/picus/${MISSING}`,
    headers: { ...json, 'content-encoding': 'gzip' },
    body: gzipSync('{"reason":"x"}'),
  },
  { name: 'a body over the limit', url: `/picus/${MISSING}`, headers: json, body: JSON.stringify({ blob: 'x'.repeat(420_000) }) },
  { name: 'a body that is not JSON, on a malformed id', url: '/picus/not-a-uuid', headers: json, body: '{' },
  { name: 'a text body (not read)', url: `/picus/${MISSING}`, headers: { 'content-type': 'text/plain' }, body: 'hello' },
  { name: 'a valid JSON body', url: `/picus/${MISSING}`, headers: json, body: '{"reason":"cleanup"}' },
];

interface Answer {
  readonly status: number;
  readonly type?: string;
  readonly detail?: string;
  readonly allow?: string;
  readonly errors?: unknown;
  readonly requestId?: string;
}

function answerOf(status: number, headers: (name: string) => string | undefined, text: string): Answer {
  const body = (text ? JSON.parse(text) : {}) as { type?: string; detail?: string; errors?: Array<{ location: string; path?: string }> };
  const allow = headers('allow');
  return {
    status,
    ...(body.type ? { type: body.type } : {}),
    ...(body.detail ? { detail: body.detail } : {}),
    ...(allow ? { allow } : {}),
    ...(body.errors ? { errors: body.errors.map(({ location, path }) => ({ location, path })) } : {}),
    ...(headers('x-request-id') ? { requestId: headers('x-request-id') } : {}),
  };
}

async function viaReference(test: Case): Promise<Answer> {
  const response = await fetch(`${reference.baseUrl}${test.url}`, {
    method: test.method ?? 'DELETE',
    headers: { 'x-request-id': 'parity', ...test.headers },
    ...(test.body === undefined ? {} : { body: test.body }),
  });
  return answerOf(response.status, (name) => response.headers.get(name) ?? undefined, await response.text());
}

/** The event ALB builds from the same request (infra/local/lambda/alb-lambda-event.ts builds it the same way). */
function eventOf(test: Case): ALBEvent {
  const [path = '/', rawQuery = ''] = test.url.split('?');
  const query = Object.fromEntries(
    rawQuery
      .split('&')
      .filter(Boolean)
      .map((pair) => [pair.split('=')[0] ?? '', pair.split('=').slice(1).join('=')]),
  );
  const body = test.body === undefined ? Buffer.alloc(0) : Buffer.from(test.body);
  const text = !test.headers?.['content-encoding'];
  return {
    requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/picus-delete-fn/0' } },
    httpMethod: test.method ?? 'DELETE',
    path,
    queryStringParameters: query,
    headers: {
      host: 'localhost',
      'x-request-id': 'parity',
      ...test.headers,
      ...(body.length ? { 'content-length': String(body.length) } : {}),
    },
    body: text ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !text,
  };
}

async function viaLambda(test: Case): Promise<Answer> {
  const result: ALBResult = await lambda.handler(eventOf(test), context);
  return answerOf(
    result.statusCode,
    (name) => (result.headers?.[name] === undefined ? undefined : String(result.headers[name])),
    result.body ?? '',
  );
}

describe("the Lambda's compiled validation against the api's validator", () => {
  it.each(cases.map((test) => [test.name, test] as const))(
    'when a request has %s, then the Lambda answers as the api would',
    async (_name, test) => {
      const expected = await viaReference(test);
      expect(await viaLambda(test)).toEqual(expected);
    },
  );

  it('when a request is valid and the item exists, then both delete it and answer 200', async () => {
    for (const via of [viaReference, viaLambda]) {
      const item = await lambda.store.put({ name: 'Ada', role: 'engineer' });
      expect((await via({ name: 'valid', url: `/picus/${item.id}` })).status).toBe(200);
      expect(await lambda.store.get(item.id)).toBeUndefined();
    }
  });
});
