import { SpanAttr } from '@picus/core';
import { waitFor } from '@picus/testkit';
import { createSocket } from 'node:dgram';
import { afterAll, describe, expect, it } from 'vitest';
import { RequestLog } from '../console/request-log.js';
import { RouterAccessLog } from '../console/router-access-log.js';
import { SseHub } from '../console/sse-hub.js';

/**
 * Under Compose nginx routes and makes no spans: a request's row comes from the handler's server
 * span, and its listener rule from nginx's JSON access log, which nginx sends as syslog over UDP.
 */
const hub = new SseHub();
const refreshed: string[] = [];
const accessLog = new RouterAccessLog((requestId) => refreshed.push(requestId));
const requests = new RequestLog({ maxTraces: 100, maxSpansPerTrace: 16 }, hub, accessLog);
afterAll(() => {
  accessLog.close();
  hub.close();
});

/** An OTLP JSON export holding one api server span, as the api container sends it. */
function handlerExport(traceId: string, requestId: string) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const attribute = (key: string, value: string | number) => ({
    key,
    value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value },
  });
  return {
    resourceSpans: [
      {
        resource: { attributes: [attribute('service.name', 'api'), attribute('host.name', 'a1b2c3d4e5f6')] },
        scopeSpans: [
          {
            scope: { name: 'picus' },
            spans: [
              {
                traceId,
                spanId: '1111111111111111',
                name: 'GET /picus/get/{id}',
                kind: 2,
                startTimeUnixNano: String(now),
                endTimeUnixNano: String(now + 4_500_000n),
                status: { code: 0 },
                attributes: [
                  attribute(SpanAttr.method, 'GET'),
                  attribute(SpanAttr.path, '/picus/get/42'),
                  attribute(SpanAttr.status, 404),
                  attribute(SpanAttr.requestId, requestId),
                  attribute(SpanAttr.serverPort, 8000),
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

describe('rows under Compose', () => {
  it("when nginx logs a request over syslog, then the handler's row carries the rule it matched, and the row is sent again", async () => {
    const port = await accessLog.listen('127.0.0.1', 0);
    requests.ingest(handlerExport('ab'.repeat(16), 'compose-req-1'));
    expect(requests.list({}, 10)[0]).toMatchObject({
      source: 'api',
      targetGroup: 'api',
      target: 'a1b2c3d4e5f6:8000',
      status: 404,
      latencyMs: 4.5,
    });
    expect(requests.list({}, 10)[0]?.rule).toBeUndefined();

    // What nginx sends with `access_log syslog:server=console:5140,tag=router,nohostname picus_json`.
    const line = JSON.stringify({
      time: '2026-11-28T10:00:00+00:00',
      service: 'router',
      requestId: 'compose-req-1',
      method: 'GET',
      path: '/picus/get/42',
      status: 404,
      rule: '20: /picus/*',
      targetGroup: 'api',
      msg: 'request',
    });
    const client = createSocket('udp4');
    await new Promise<void>((resolve, reject) =>
      client.send(`<190>Nov 28 10:00:00 router: ${line}`, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
    );
    client.close();
    await waitFor(() => accessLog.ruleFor('compose-req-1') !== undefined, { what: 'the access log line' });

    expect(requests.list({}, 10)[0]).toMatchObject({ requestId: 'compose-req-1', rule: '20: /picus/*' });
    expect(refreshed).toEqual(['compose-req-1']);
  });

  it('when a datagram is not a JSON log line, then it is ignored', () => {
    accessLog.take('<190>Nov 28 10:00:00 router: GET /picus/health 200');
    accessLog.take('<190>Nov 28 10:00:00 router: {"requestId": 7, "rule": "x"}');
    accessLog.take('{not json');
    expect(accessLog.size).toBe(1);
  });
});
