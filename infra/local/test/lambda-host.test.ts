import type { ALBEvent } from 'aws-lambda';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serve, type Served } from '@picus/testkit';
import { createLambdaHost, loadHandler, type LambdaHandler } from '../lambda/lambda-host.js';

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/picus-delete-fn/local';
let host: Served | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function hostFor(handler: LambdaHandler, options: { timeoutMs?: number; multiValueHeaders?: boolean } = {}) {
  host = await serve(
    createLambdaHost({
      handler,
      functionName: 'test-fn',
      targetGroupArn: ARN,
      timeoutMs: options.timeoutMs ?? 2_000,
      memoryMiB: 128,
      multiValueHeaders: options.multiValueHeaders ?? false,
    }),
  );
  return host.baseUrl;
}

/** A handler that records the events it receives and answers 200. */
function recording() {
  const events: ALBEvent[] = [];
  const handler: LambdaHandler = (event) => {
    events.push(event);
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
  };
  return { events, handler };
}

describe('Lambda target host: the event ALB sends', () => {
  it('when a JSON request arrives, then the event carries method, raw path and query, lowercased headers, text body and the target group', async () => {
    const { events, handler } = recording();
    const url = await hostFor(handler);
    await fetch(`${url}/picus/abc?x=1&name=a%20b`, {
      method: 'DELETE',
      headers: { 'Content-Type': 'application/json', 'X-Custom': 'Yes' },
      body: '{"a":1}',
    });
    const [event] = events;
    expect(event).toMatchObject({
      httpMethod: 'DELETE',
      path: '/picus/abc',
      queryStringParameters: { x: '1', name: 'a%20b' },
      body: '{"a":1}',
      isBase64Encoded: false,
      requestContext: { elb: { targetGroupArn: ARN } },
    });
    expect(event?.headers).toMatchObject({ 'content-type': 'application/json', 'x-custom': 'Yes' });
  });

  it('when the body is binary, then it arrives base64-encoded', async () => {
    const { events, handler } = recording();
    const url = await hostFor(handler);
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    await fetch(`${url}/picus/abc`, { method: 'DELETE', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(events[0]).toMatchObject({ isBase64Encoded: true, body: bytes.toString('base64') });
  });

  it('when multi-value headers are on, then repeated headers and parameters keep every value', async () => {
    const { events, handler } = recording();
    const url = await hostFor(handler, { multiValueHeaders: true });
    const headers = new Headers();
    headers.append('x-tag', 'a');
    headers.append('x-tag', 'b');
    await fetch(`${url}/picus/abc?t=1&t=2`, { method: 'DELETE', headers });
    expect(events[0]?.multiValueQueryStringParameters).toEqual({ t: ['1', '2'] });
    expect(events[0]?.multiValueHeaders?.['x-tag']).toEqual(['a, b']);
    expect(events[0]?.headers).toBeUndefined();
  });
});

describe('Lambda target host: ALB limits and the response contract', () => {
  it('when the request body is over 1 MB, then ALB answers 413 without invoking', async () => {
    const { events, handler } = recording();
    const url = await hostFor(handler);
    const response = await fetch(`${url}/picus/abc`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(1_100_000),
    });
    expect(response.status).toBe(413);
    expect(events).toHaveLength(0);
  });

  it.each([
    ['no statusCode', { body: 'x' }],
    ['a statusCode out of range', { statusCode: 42, body: 'x' }],
    ['a body that is not a string', { statusCode: 200, body: { not: 'text' } }],
    ['a result that is not an object', 'just a string'],
    ['a response over 1 MB', { statusCode: 200, body: 'x'.repeat(1_100_000) }],
  ])('when the function returns %s, then ALB answers 502', async (_case, result) => {
    const url = await hostFor(() => result as never);
    const response = await fetch(`${url}/picus/abc`, { method: 'DELETE' });
    expect(response.status).toBe(502);
    expect(response.headers.get('server')).toBe('awselb/2.0');
  });

  it('when the function throws, then ALB answers 502', async () => {
    const url = await hostFor(() => {
      throw new Error('boom');
    });
    expect((await fetch(`${url}/picus/abc`, { method: 'DELETE' })).status).toBe(502);
  });

  it('when the function runs past its timeout, then ALB answers 504', async () => {
    const url = await hostFor(() => new Promise(() => undefined), { timeoutMs: 100 });
    expect((await fetch(`${url}/picus/abc`, { method: 'DELETE' })).status).toBe(504);
  });

  it('when the result is base64 with multi-value headers, then the answer is decoded with every header value', async () => {
    const url = await hostFor(() => ({
      statusCode: 201,
      isBase64Encoded: true,
      body: Buffer.from('hello').toString('base64'),
      multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] },
    }));
    const response = await fetch(`${url}/picus/abc`, { method: 'DELETE' });
    expect(response.status).toBe(201);
    expect(await response.text()).toBe('hello');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  });
});

describe('Lambda target host: init', () => {
  it('when a handler module is loaded, then its init runs once and every invoke reuses it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambda-module-'));
    const modulePath = join(dir, 'counting.mjs');
    writeFileSync(
      modulePath,
      'let inits = 0; inits += 1; let invokes = 0;\nexport const handler = async () => ({ statusCode: 200, body: JSON.stringify({ inits, invokes: ++invokes }) });\n',
    );
    const url = await hostFor(await loadHandler(modulePath));
    await fetch(`${url}/picus/a`, { method: 'DELETE' });
    const second = (await (await fetch(`${url}/picus/a`, { method: 'DELETE' })).json()) as { inits: number; invokes: number };
    expect(second).toEqual({ inits: 1, invokes: 2 });
  });
});
