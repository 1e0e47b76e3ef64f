import { describe, expect, it } from 'vitest';
import { planReplay, ReplayRefusedError, replayUrl } from '../console/replay.js';
import type { RequestDetail } from '../console/request-view.js';
import { MASK, maskAlbMessage, maskBodyText, maskHeaders, maskJsonFields, maskQuery } from '../telemetry/masking.js';

describe('masking by name pattern', () => {
  it('when a header name says token, secret, key, auth, session or password, then its value is masked; other headers and the cookies as before', () => {
    const masked = maskHeaders({
      'x-api-key': 'k',
      'x-session-id': 's',
      'x-auth-user': 'u',
      'x-client-secret': 'c',
      'x-csrf-token': 't',
      'x-db-password': 'p',
      cookie: 'a=1',
      accept: '*/*',
      'keep-alive': 'timeout=5',
    });
    expect(masked).toEqual({
      'x-api-key': MASK,
      'x-session-id': MASK,
      'x-auth-user': MASK,
      'x-client-secret': MASK,
      'x-csrf-token': MASK,
      'x-db-password': MASK,
      cookie: MASK,
      accept: '*/*',
      'keep-alive': 'timeout=5',
    });
  });

  it('when the query string has secret-named parameters, then only their values are masked and the rest keeps its encoding', () => {
    expect(maskQuery('limit=5&access_token=abc&api%5Fkey=x&cursor=a%2Fb&Session=1&flag')).toBe(
      `limit=5&access_token=${MASK}&api%5Fkey=${MASK}&cursor=a%2Fb&Session=${MASK}&flag`,
    );
  });

  it('when a JSON body has secret-named top-level fields, then their values are masked and nested or other fields stay', () => {
    const body = JSON.stringify({
      name: 'Ada',
      password: 'hunter2',
      refresh_token: { nested: 1 },
      profile: { password: 'kept: only top-level fields count' },
    });
    expect(JSON.parse(maskJsonFields(body))).toEqual({
      name: 'Ada',
      password: MASK,
      refresh_token: MASK,
      profile: { password: 'kept: only top-level fields count' },
    });
    expect(maskJsonFields('not json')).toBe('not json');
    expect(maskJsonFields('["password"]')).toBe('["password"]');
  });

  it('when a body was cut at the capture limit, then secret-named string fields are still masked in its text', () => {
    expect(maskBodyText('{"name":"Ada","apiKey":"abc123","notes":"xxxx')).toBe(`{"name":"Ada","apiKey":"${MASK}","notes":"xxxx`);
  });

  it('when an ALB event carries secrets in query parameters and a JSON body, then the Lambda span masks them too', () => {
    const event = maskAlbMessage({
      headers: { 'x-api-key': 'k' },
      queryStringParameters: { token: 't', id: '1' },
      body: '{"secret":"s","name":"n"}',
      isBase64Encoded: false,
    });
    expect(event).toEqual({
      headers: { 'x-api-key': MASK },
      queryStringParameters: { token: MASK, id: '1' },
      body: `{"secret":"${MASK}","name":"n"}`,
      isBase64Encoded: false,
    });
  });
});

const detail = (path: string, body?: string): RequestDetail =>
  ({
    row: { traceId: '0'.repeat(32), startMs: 0, method: body ? 'POST' : 'GET', path, latencyMs: 1, requestId: 'r1', source: 'router' },
    request: {
      headers: { 'content-type': 'application/json' },
      ...(body ? { body, bodySize: body.length } : { bodySize: 0 }),
      truncated: false,
    },
  }) as unknown as RequestDetail;

describe('replay', () => {
  it('when the captured path is resolved, then it stays on the router origin, and a path to another host is refused', () => {
    expect(replayUrl('http://127.0.0.1:8080', '/picus/list?limit=1').href).toBe('http://127.0.0.1:8080/picus/list?limit=1');
    for (const path of ['//evil.example/x', 'http://evil.example/x', 'https://127.0.0.1:8080/x', '/\\evil.example']) {
      expect(() => replayUrl('http://127.0.0.1:8080', path), path).toThrow(ReplayRefusedError);
    }
  });

  it('when a secret field of the body or a secret query parameter was masked, then the replay is refused rather than sending the mask', () => {
    expect(() => planReplay(detail('/picus/put', `{"name":"a","password":"${MASK}"}`), 'r')).toThrow(
      /secret field of the request body was masked/,
    );
    expect(() => planReplay(detail(`/picus/list?token=${MASK}`), 'r')).toThrow(/secret query parameter was masked/);
    expect(planReplay(detail('/picus/put', '{"name":"a","role":"b"}'), 'r').body?.toString()).toBe('{"name":"a","role":"b"}');
  });
});
