import { describe, expect, it } from 'vitest';
import { headerRecord, headersForClient, headersForTarget, headerValue } from '../alb/forwarded-headers.js';

const hop = {
  clientIp: '10.0.0.9',
  listenerPort: 8080,
  traceId: 'Root=1-00000000-000000000000000000000000',
  defaultHost: '127.0.0.1:3000',
};

describe('forwarded headers', () => {
  it("when a request is forwarded, then ALB sets X-Forwarded-* and X-Amzn-Trace-Id in place of the caller's, and appends to X-Forwarded-For", () => {
    const raw = [
      'Host',
      'x',
      'X-Forwarded-For',
      '1.1.1.1',
      'x-forwarded-for',
      '2.2.2.2',
      'X-Forwarded-Port',
      '1',
      'X-Amzn-Trace-Id',
      'Root=caller',
      'Accept',
      '*/*',
    ];
    expect(headersForTarget(raw, hop)).toEqual([
      'Host',
      'x',
      'Accept',
      '*/*',
      'x-forwarded-for',
      '1.1.1.1, 2.2.2.2, 10.0.0.9',
      'x-forwarded-proto',
      'http',
      'x-forwarded-port',
      '8080',
      'x-amzn-trace-id',
      hop.traceId,
    ]);
  });

  it('when hop-by-hop headers arrive, then they are not passed on in either direction', () => {
    const raw = [
      'Connection',
      'keep-alive',
      'Keep-Alive',
      'timeout=5',
      'Transfer-Encoding',
      'chunked',
      'Upgrade',
      'h2c',
      'TE',
      'trailers',
      'Trailer',
      'x',
      'Proxy-Connection',
      'close',
      'X-Kept',
      'yes',
    ];
    expect(headersForTarget(raw, hop).slice(0, 2)).toEqual(['X-Kept', 'yes']);
    // Without the caller's Host (HTTP/1.0), the target's address stands in, as Node's client would send.
    expect(headersForTarget(raw, hop).slice(2, 4)).toEqual(['host', '127.0.0.1:3000']);
    expect(headersForClient(raw)).toEqual(['X-Kept', 'yes']);
  });

  it("when tracing is on, then the caller's traceparent and tracestate give way to the router span's", () => {
    const raw = ['traceparent', '00-caller-01', 'TraceState', 'a=b', 'X-Kept', 'yes'];
    const forwarded = headersForTarget(raw, { ...hop, traceContext: { traceparent: '00-router-01' } });
    expect(forwarded).not.toContain('00-caller-01');
    expect(forwarded).not.toContain('a=b');
    expect(forwarded.slice(-2)).toEqual(['traceparent', '00-router-01']);
    // Without a span, the caller's trace context passes through untouched.
    expect(headersForTarget(raw, hop).slice(0, 4)).toEqual(['traceparent', '00-caller-01', 'TraceState', 'a=b']);
  });

  it('when a header is looked up in a raw list, then case is ignored and repeats are joined as Node joins them', () => {
    const raw = ['X-Request-Id', 'a', 'Host', 'h', 'x-request-id', 'b'];
    expect(headerValue(raw, 'x-request-id')).toBe('a, b');
    expect(headerValue(raw, 'host')).toBe('h');
    expect(headerValue(raw, 'x-amzn-trace-id')).toBeUndefined();
  });

  it('when a raw list becomes a record, then names are lower-cased and repeats joined', () => {
    expect(headerRecord(['Content-Type', 'text/plain', 'Vary', 'a', 'vary', 'b'])).toEqual({ 'content-type': 'text/plain', vary: 'a, b' });
  });
});
