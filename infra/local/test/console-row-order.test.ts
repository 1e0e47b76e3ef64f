import { SpanAttr } from '@picus/core';
import { waitFor } from '@picus/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { PARENT_GRACE_MS, RequestLog } from '../console/request-log.js';
import { SseHub } from '../console/sse-hub.js';

/**
 * In the embedded stack the api's spans are often exported before the router's (the router's span
 * ends last). The row must come from the router's span, which holds the rule and the exchange,
 * not flash up from the api's first.
 */
const hub = new SseHub();
afterAll(() => hub.close());

const attribute = (key: string, value: string | number) => ({
  key,
  value: typeof value === 'number' ? { intValue: value } : { stringValue: value },
});
function exportOf(
  service: string,
  span: { traceId: string; spanId: string; parentSpanId?: string; attributes: Array<ReturnType<typeof attribute>> },
) {
  const now = Date.now() * 1e6;
  return {
    resourceSpans: [
      {
        resource: { attributes: [attribute('service.name', service)] },
        scopeSpans: [{ spans: [{ ...span, name: 'span', kind: 2, startTimeUnixNano: now, endTimeUnixNano: now + 1e6 }] }],
      },
    ],
  };
}

describe('the row of a request comes from its entry span', () => {
  it("when the api's span arrives before the router's, then no row shows until the router's arrives, and then it carries the rule", () => {
    const requests = new RequestLog({ maxTraces: 10, maxSpansPerTrace: 10 }, hub);
    const traceId = 'c'.repeat(32);
    requests.ingest(
      exportOf('api', {
        traceId,
        spanId: '2'.repeat(16),
        parentSpanId: '1'.repeat(16),
        attributes: [attribute(SpanAttr.method, 'GET'), attribute(SpanAttr.requestId, 'early')],
      }),
    );
    expect(requests.list({}, 10)).toEqual([]);
    requests.ingest(
      exportOf('router', {
        traceId,
        spanId: '1'.repeat(16),
        attributes: [
          attribute(SpanAttr.method, 'GET'),
          attribute(SpanAttr.albRule, '20: /picus/*'),
          attribute(SpanAttr.requestId, 'early'),
        ],
      }),
    );
    expect(requests.list({}, 10)).toMatchObject([{ source: 'router', rule: '20: /picus/*' }]);
  });

  it("when the caller's span never arrives (a client's own traceparent, straight to the api), then the handler's row shows after the grace", async () => {
    const requests = new RequestLog({ maxTraces: 10, maxSpansPerTrace: 10 }, hub);
    requests.ingest(
      exportOf('api', {
        traceId: 'd'.repeat(32),
        spanId: '2'.repeat(16),
        parentSpanId: '9'.repeat(16),
        attributes: [attribute(SpanAttr.method, 'GET')],
      }),
    );
    await waitFor(() => requests.list({}, 10).length === 1, { what: 'the row after the grace', timeoutMs: PARENT_GRACE_MS * 3 });
    expect(requests.list({}, 10)).toMatchObject([{ source: 'api' }]);
  });
});
