import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanAttr, startTracing, type Tracing } from '@picus/core';
import { topology } from '@picus/infra';
import { serve, startOtlpCollector, waitFor, type OtlpCollector, type Served } from '@picus/testkit';
import { createAlbEmulator } from '../alb/alb-emulator.js';
import { TargetGroup } from '../alb/target-group.js';

/** The router's spans as the console receives them: OTLP/HTTP JSON, to a receiver in this test. */
let collector: OtlpCollector;
let router: Served;
let tracing: Tracing;
const groups = {
  api: new TargetGroup({ name: 'api', deregistrationDelayMs: 0 }),
  'delete-fn': new TargetGroup({ name: 'delete-fn', deregistrationDelayMs: 0 }),
};

beforeAll(async () => {
  collector = await startOtlpCollector();
  tracing = await startTracing({ endpoint: collector.baseUrl, serviceName: 'router', scheduledDelayMs: 10 });
  router = await serve(
    createAlbEmulator({
      rules: topology.listener.rules,
      targetGroups: groups,
      defaultAction: topology.listener.defaultAction,
      targetTimeoutMs: 1_000,
      listenerPort: () => 0,
      tracing: true,
    }),
  );
});
afterAll(async () => {
  await router?.close();
  for (const group of Object.values(groups)) group.close();
  await tracing?.shutdown();
  await collector?.close();
});

describe("the router's span", () => {
  it('when the router answers a request itself (no healthy target), then its span holds that answer and the request id the handlers would have used', async () => {
    const response = await fetch(`${router.baseUrl}/picus/get/1`);
    expect(response.status).toBe(503);
    await waitFor(() => collector.spans.some((span) => span.attributes[SpanAttr.status] === 503), { what: "the 503's span" });
    const span = collector.spans.find((received) => received.attributes[SpanAttr.status] === 503)?.attributes ?? {};
    expect(span[SpanAttr.albOutcome]).toBe('no-healthy-target');
    expect(JSON.parse(String(span[SpanAttr.responseHeaders]))).toMatchObject({ server: 'awselb/2.0', 'content-type': 'text/html' });
    expect(String(span[SpanAttr.responseBody])).toContain('503 Service Temporarily Unavailable');
    expect(span[SpanAttr.requestId]).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });
});
