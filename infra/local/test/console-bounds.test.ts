import { SpanAttr } from '@picus/core';
import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../console/otlp-json.js';
import { boundSpan, MAX_ATTRIBUTES } from '../console/span-bounds.js';
import { BODY_CAP_BYTES, BodyCapture } from '../telemetry/body-capture.js';
import { maskHeaders } from '../telemetry/masking.js';

const BODY_NAMES = { body: 'b', size: 's', truncated: 't', encoding: 'e' };
const spanWith = (attributes: SpanRecord['attributes']): SpanRecord => ({
  traceId: 'a'.repeat(32),
  spanId: 'b'.repeat(16),
  name: 'router GET /',
  kind: 'server',
  service: 'router',
  startMs: 0,
  durationMs: 1,
  status: 'unset',
  attributes,
});

describe('secrets never reach the console page', () => {
  it('when headers carry credentials and cookies, then their values are masked and the rest kept', () => {
    const masked = maskHeaders({
      Authorization: 'Bearer abc',
      cookie: 'session=1',
      'set-cookie': ['a=1', 'b=2'],
      'x-request-id': 'r1',
      accept: '*/*',
    });
    expect(masked).toEqual({ Authorization: '***', cookie: '***', 'set-cookie': ['***', '***'], 'x-request-id': 'r1', accept: '*/*' });
  });

  it('when a span from another producer carries secrets, then the console masks them in header maps, the ALB event and semantic-convention attributes', () => {
    const event = {
      httpMethod: 'DELETE',
      path: '/picus/x',
      headers: { authorization: 'Bearer abc', 'x-request-id': 'r1' },
      multiValueHeaders: { cookie: ['s=1'] },
    };
    const bounded = boundSpan(
      spanWith({
        [SpanAttr.requestHeaders]: JSON.stringify({ authorization: 'Bearer abc', host: 'localhost' }),
        [SpanAttr.responseHeaders]: JSON.stringify({ 'set-cookie': 'session=2' }),
        [SpanAttr.lambdaEvent]: JSON.stringify(event),
        'http.request.header.cookie': ['session=1'],
        'http.request.header.authorization': 'Basic eA==',
      }),
    );
    const text = JSON.stringify(bounded.attributes);
    expect(text).not.toMatch(/Bearer abc|session=1|session=2|Basic eA==|s=1/);
    expect(JSON.parse(String(bounded.attributes[SpanAttr.requestHeaders]))).toEqual({ authorization: '***', host: 'localhost' });
    expect(JSON.parse(String(bounded.attributes[SpanAttr.lambdaEvent])).headers).toEqual({ authorization: '***', 'x-request-id': 'r1' });
  });

  it('when an ALB event was cut at its source (no longer JSON), then a credential in what is left is still masked', () => {
    const cut = '{"headers":{"authorization":"Bearer abc","host":"x"},"body":"aaaa';
    const bounded = boundSpan(spanWith({ [SpanAttr.lambdaEvent]: cut }));
    expect(String(bounded.attributes[SpanAttr.lambdaEvent])).toBe('{"headers":{"authorization":"***","host":"x"},"body":"aaaa');
  });
});

describe('bodies are capped and marked as cut', () => {
  it('when a body is larger than the cap, then the first 16 KiB are kept, the whole size counted and it is marked as cut', () => {
    const capture = new BodyCapture();
    for (let i = 0; i < 10; i += 1) capture.push(Buffer.alloc(4096, 'x'));
    const attributes = capture.attributes(BODY_NAMES);
    expect(String(attributes.b)).toHaveLength(BODY_CAP_BYTES);
    expect(attributes.s).toBe(40_960);
    expect(attributes.t).toBe(true);
  });

  it('when a body fits, then it is kept whole and not marked as cut', () => {
    const capture = new BodyCapture();
    capture.push('{"name":"Ada"}');
    expect(capture.attributes(BODY_NAMES)).toEqual({ b: '{"name":"Ada"}', s: 14, t: false });
  });

  it('when the cap falls inside a UTF-8 character, then the kept text ends before it instead of turning into base64', () => {
    const capture = new BodyCapture(5);
    capture.push('abcdé and more');
    expect(capture.attributes(BODY_NAMES)).toMatchObject({ b: 'abcd', t: true });
  });

  it('when a body is binary, then it is kept as base64 and says so', () => {
    const capture = new BodyCapture();
    capture.push(Buffer.from([0, 1, 2, 255]));
    expect(capture.attributes(BODY_NAMES)).toMatchObject({ b: 'AAEC/w==', e: 'base64', t: false });
  });

  it('when a producer sends an oversized body or too many attributes, then the console caps the body, marks it and keeps at most the attribute limit', () => {
    const many = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`a${i}`, i]));
    const bounded = boundSpan(spanWith({ [SpanAttr.responseBody]: 'y'.repeat(100_000), ...many }));
    expect(String(bounded.attributes[SpanAttr.responseBody])).toHaveLength(BODY_CAP_BYTES);
    expect(bounded.attributes[SpanAttr.responseBodyTruncated]).toBe(true);
    expect(Object.keys(bounded.attributes).length).toBeLessThanOrEqual(MAX_ATTRIBUTES + 1);
  });
});
