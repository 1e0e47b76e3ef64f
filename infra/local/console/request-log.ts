import { decodeOtlpJson } from './otlp-json.js';
import { matchesFilter, type RequestFilter } from './request-filter.js';
import { requestDetail, requestRow, type RequestDetail, type RequestRow, type RuleSource } from './request-view.js';
import { boundSpan } from './span-bounds.js';
import type { SseHub } from './sse-hub.js';
import { TraceStore, type TraceStoreOptions } from './trace-store.js';

/**
 * What the console knows of the traffic: spans in (OTLP JSON), bounded in size and stripped of
 * secrets, kept in a ring of recent traces; rows and details out, and each changed row pushed to
 * every open page as a `request` event.
 */
export class RequestLog {
  private readonly store: TraceStore;

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
      const row = trace && requestRow(trace, this.rules);
      if (row) this.hub.send('request', row);
    }
    return spans.length;
  }

  /** Rows newest first, filtered, at most `limit`. */
  list(filter: RequestFilter, limit: number): RequestRow[] {
    const rows: RequestRow[] = [];
    for (const trace of this.store.newestFirst()) {
      const row = requestRow(trace, this.rules);
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
