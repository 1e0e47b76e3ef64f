import type { ALBResult, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { allowedMethods, specMethodsFor } from '@picus/testkit';
import { openApiDocument } from '@picus/core';
import { useHandlerUnderTest } from './handler-under-test.js';
import { albEvent, multiValueAlbEvent } from './alb-events.js';

const context = { awsRequestId: 'lambda-request-1', functionName: 'picus-delete-fn' } as Context;
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

const lambda = useHandlerUnderTest();

function header(result: ALBResult, name: string): string | undefined {
  const single = result.headers?.[name];
  if (single !== undefined) return String(single);
  const multi = result.multiValueHeaders?.[name];
  return multi ? String(multi[0]) : undefined;
}

function parse(result: ALBResult): Record<string, unknown> {
  const text = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString('utf8') : (result.body ?? '');
  return JSON.parse(text) as Record<string, unknown>;
}

describe('DELETE /picus/{id} as an ALB Lambda target', () => {
  it('when the item exists, then deletes it and answers 200 {deleted} served by delete-fn', async () => {
    const item = await lambda.store.put({ name: 'Ada', role: 'engineer' });
    const result = await lambda.handler(albEvent({ httpMethod: 'DELETE', path: `/picus/${item.id}` }), context);
    expect(result.statusCode).toBe(200);
    expect(parse(result)).toEqual({ deleted: item.id });
    expect(header(result, 'x-served-by')).toBe('delete-fn');
    expect(header(result, 'content-type')).toMatch(/^application\/json/);
    expect(await lambda.store.get(item.id)).toBeUndefined();
    expect(lambda.logs.lines()).toContainEqual(expect.objectContaining({ service: 'delete-fn', itemId: item.id, msg: 'item deleted' }));
  });

  it('when no item has the id, then answers 404 problem with the original detail', async () => {
    const result = await lambda.handler(albEvent({ httpMethod: 'DELETE', path: `/picus/${MISSING_ID}` }), context);
    expect(result.statusCode).toBe(404);
    expect(header(result, 'content-type')).toMatch(/^application\/problem\+json/);
    expect(parse(result)).toMatchObject({ status: 404, detail: 'Item not found', type: '/problems/not-found' });
  });

  it('when the same item is deleted twice, then the second answers 404', async () => {
    const item = await lambda.store.put({ name: 'Ada', role: 'engineer' });
    expect((await lambda.handler(albEvent({ httpMethod: 'DELETE', path: `/picus/${item.id}` }), context)).statusCode).toBe(200);
    expect((await lambda.handler(albEvent({ httpMethod: 'DELETE', path: `/picus/${item.id}` }), context)).statusCode).toBe(404);
  });

  it('when the id is malformed, then answers 422 naming the path parameter', async () => {
    const result = await lambda.handler(albEvent({ httpMethod: 'DELETE', path: '/picus/not-a-uuid' }), context);
    expect(result.statusCode).toBe(422);
    expect(parse(result)).toMatchObject({ status: 422, errors: [expect.objectContaining({ location: 'path', path: '/id' })] });
  });

  it('when the target group sends multi-value headers, then answers in multi-value form', async () => {
    const item = await lambda.store.put({ name: 'Ada', role: 'engineer' });
    const result = await lambda.handler(multiValueAlbEvent({ httpMethod: 'DELETE', path: `/picus/${item.id}` }), context);
    expect(result.statusCode).toBe(200);
    expect(result.multiValueHeaders?.['x-served-by']).toEqual(['delete-fn']);
    expect(result.headers).toBeUndefined();
    expect(parse(result)).toEqual({ deleted: item.id });
  });

  it('when the event carries a base64 body, then it is decoded and the delete still succeeds', async () => {
    const item = await lambda.store.put({ name: 'Ada', role: 'engineer' });
    const event = albEvent({
      httpMethod: 'DELETE',
      path: `/picus/${item.id}`,
      body: Buffer.from('{"reason":"cleanup"}').toString('base64'),
      isBase64Encoded: true,
    });
    event.headers = { ...event.headers, 'content-type': 'application/json' };
    const result = await lambda.handler(event, context);
    expect(result.statusCode).toBe(200);
    expect(parse(result)).toEqual({ deleted: item.id });
  });

  it('when the ALB passes a request id or trace id, then the response carries it', async () => {
    const withId = albEvent({ httpMethod: 'DELETE', path: `/picus/${MISSING_ID}` });
    withId.headers = { ...withId.headers, 'x-request-id': 'journey-7' };
    expect(header(await lambda.handler(withId, context), 'x-request-id')).toBe('journey-7');
    const traced = await lambda.handler(albEvent({ httpMethod: 'DELETE', path: `/picus/${MISSING_ID}` }), context);
    expect(header(traced, 'x-request-id')).toBe('1-67891233-abcdef012345678912345678');
  });

  it('when the query string holds a malformed percent-escape, then answers 400 instead of failing the invocation', async () => {
    const result = await lambda.handler(
      albEvent({ httpMethod: 'DELETE', path: `/picus/${MISSING_ID}`, queryStringParameters: { '%zz': '1' } }),
      context,
    );
    expect(result.statusCode).toBe(400);
    expect(parse(result)).toMatchObject({ status: 400, type: '/problems/malformed-request' });
  });

  it('when a method other than DELETE reaches the function, then answers 405 with Allow', async () => {
    const result = await lambda.handler(albEvent({ httpMethod: 'PUT', path: `/picus/${MISSING_ID}` }), context);
    expect(result.statusCode).toBe(405);
    // The spec's methods for the resource, as a client through the load balancer sees it.
    expect(allowedMethods(header(result, 'allow'))).toEqual(specMethodsFor(openApiDocument, `/picus/${MISSING_ID}`));
  });
});
