import { decodeOtlpJson } from './otlp-json.js';
import { matchesFilter, type RequestFilter } from './request-filter.js';
import { awaitsParent, requestDetail, requestRow, type RequestDetail, type RequestRow, type RuleSource } from './request-view.js';
import { boundSpan } from './span-bounds.js';
import type { SseHub } from './sse-hub.js';
import { TraceStore, type StoredTrace, type TraceStoreOptions } from './trace-store.js';

/**
 * How long a handler's row waits for its caller's span (the router's) before it is shown without
 * it (Compose has no router span; a client may send its own traceparent to the api).
 */
export const PARENT_GRACE_MS = 1_000;

/**
 * What the console knows of the traffic: spans in (OTLP JSON), bounded in size and stripped of
 * secrets, kept in a ring of recent traces; rows and details out, and each changed row pushed to
 * every open page as a `request` event.
 */
export class RequestLog {
  private readonly store: TraceStore;
  /** Traces whose row waits for its parent span, each with one timer (traces are bounded, so these are). */
  private readonly waiting = new Set<string>();

  constructor(
    options: TraceStoreOptions,
    private readonly hub: SseHub,
    private readonly rules?: RuleSource,
  ) {
    this.store = new TraceStore(options);
  }

  get size(): number {
    return this.store.size;
  }

  /** Takes an OTLP JSON export; returns how many spans it held. @throws OtlpFormatError */
  ingest(body: unknown): number {
    const spans = decodeOtlpJson(body).map(boundSpan);
    for (const traceId of this.store.add(spans)) {
      const trace = this.store.get(traceId);
      if (!trace) continue;
      const wait = this.waitLeft(trace);
      if (wait > 0) {
        this.sendLater(traceId, wait);
        continue;
      }
      const row = requestRow(trace, this.rules);
      if (row) this.hub.send('request', row);
    }
    return spans.length;
  }

  private waitLeft(trace: StoredTrace): number {
    return awaitsParent(trace) ? PARENT_GRACE_MS - (Date.now() - trace.firstSeenMs) : 0;
  }

  private sendLater(traceId: string, delayMs: number): void {
    if (this.waiting.has(traceId)) return;
    this.waiting.add(traceId);
    setTimeout(() => {
      this.waiting.delete(traceId);
      const trace = this.store.get(traceId);
      // Sent by ingest already if the parent came meanwhile; sending again only repeats the same row.
      const row = trace && requestRow(trace, this.rules);
      if (row) this.hub.send('request', row);
    }, delayMs).unref();
  }

  /** Rows newest first, filtered, at most `limit`. */
  list(filter: RequestFilter, limit: number): RequestRow[] {
    const rows: RequestRow[] = [];
    for (const trace of this.store.newestFirst()) {
      const row = this.waitLeft(trace) > 0 ? undefined : requestRow(trace, this.rules);
      if (row && matchesFilter(row, filter)) rows.push(row);
      if (rows.length >= limit) break;
    }
    return rows.sort((a, b) => b.startMs - a.startMs);
  }

  /**
   * Sends a recent request's row again, e.g. once nginx's access log has told its rule (it may
   * arrive after the handler's spans). Looks only at the most recent traces.
   */
  refresh(requestId: string, recent = 200): void {
    for (const trace of this.store.newestFirst().slice(0, recent)) {
      const row = requestRow(trace, this.rules);
      if (row?.requestId === requestId) {
        this.hub.send('request', row);
        return;
      }
    }
  }

  detail(traceId: string): RequestDetail | undefined {
    const trace = this.store.get(traceId);
    return trace && requestDetail(trace, this.rules);
  }
}
