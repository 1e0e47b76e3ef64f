import type { SpanRecord } from './otlp-json.js';

export interface TraceStoreOptions {
  /** How many traces (one per request through the stack) are kept; the oldest goes first. */
  readonly maxTraces: number;
  /** How many spans one trace keeps; later ones are counted as dropped. */
  readonly maxSpansPerTrace: number;
}

export interface StoredTrace {
  readonly traceId: string;
  /** When the console first heard of it (epoch ms). */
  readonly firstSeenMs: number;
  readonly spans: SpanRecord[];
  droppedSpans: number;
}

/**
 * The console's memory: a ring of the most recent traces. A Map keeps insertion order, so the
 * oldest trace is the first key and is evicted when a new one would pass `maxTraces`. Nothing else
 * in the console holds spans, so this bounds its memory however long the stack runs.
 */
export class TraceStore {
  private readonly traces = new Map<string, StoredTrace>();

  constructor(private readonly options: TraceStoreOptions) {}

  get size(): number {
    return this.traces.size;
  }

  /** Adds spans; returns the ids of the traces that changed. A span already stored (a retried export) is ignored. */
  add(spans: readonly SpanRecord[]): Set<string> {
    const changed = new Set<string>();
    for (const span of spans) {
      let stored = this.traces.get(span.traceId);
      if (!stored) {
        while (this.traces.size >= this.options.maxTraces) {
          const oldest = this.traces.keys().next().value;
          if (oldest === undefined) break;
          this.traces.delete(oldest);
          changed.delete(oldest);
        }
        stored = { traceId: span.traceId, firstSeenMs: Date.now(), spans: [], droppedSpans: 0 };
        this.traces.set(span.traceId, stored);
      }
      if (stored.spans.some((existing) => existing.spanId === span.spanId)) continue;
      if (stored.spans.length >= this.options.maxSpansPerTrace) stored.droppedSpans += 1;
      else stored.spans.push(span);
      changed.add(span.traceId);
    }
    return changed;
  }

  get(traceId: string): StoredTrace | undefined {
    return this.traces.get(traceId);
  }

  /** Every stored trace, newest first. */
  newestFirst(): StoredTrace[] {
    return [...this.traces.values()].reverse();
  }
}
