import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../console/otlp-json.js';
import { TraceStore } from '../console/trace-store.js';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const span = (traceId: string, overrides: Partial<SpanRecord> = {}): SpanRecord => ({
  traceId,
  spanId: hex(8),
  name: 'router GET /picus/health',
  kind: 'server',
  service: 'router',
  startMs: Date.now(),
  durationMs: 1,
  status: 'unset',
  attributes: {},
  ...overrides,
});

describe('the console keeps a bounded ring of recent traces', () => {
  it('when five times its capacity of requests arrive, then it never holds more than its capacity and keeps the newest', () => {
    const store = new TraceStore({ maxTraces: 1000, maxSpansPerTrace: 16 });
    const ids = Array.from({ length: 5000 }, () => hex(16));
    let largest = 0;
    for (const traceId of ids) {
      store.add([span(traceId)]);
      largest = Math.max(largest, store.size);
    }
    expect(largest).toBe(1000);
    expect(store.size).toBe(1000);
    expect(store.get(ids[0] ?? '')).toBeUndefined();
    expect(store.get(ids[3999] ?? '')).toBeUndefined();
    expect(store.get(ids[4000] ?? '')).toBeDefined();
    expect(store.newestFirst()[0]?.traceId).toBe(ids[4999]);
  });

  it('when one trace gets more spans than a trace may hold, then the rest are counted as dropped, not kept', () => {
    const store = new TraceStore({ maxTraces: 10, maxSpansPerTrace: 5 });
    const traceId = hex(16);
    store.add(Array.from({ length: 12 }, () => span(traceId)));
    expect(store.get(traceId)?.spans).toHaveLength(5);
    expect(store.get(traceId)?.droppedSpans).toBe(7);
  });

  it('when an export is sent twice (a retry), then its spans are stored once', () => {
    const store = new TraceStore({ maxTraces: 10, maxSpansPerTrace: 5 });
    const spans = [span(hex(16))];
    store.add(spans);
    expect(store.add(spans).size).toBe(0);
    expect(store.newestFirst()[0]?.spans).toHaveLength(1);
  });
});
