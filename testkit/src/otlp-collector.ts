import { serve } from './serve.js';

/** A span as an OTLP/HTTP JSON exporter sends it, with its attributes as a plain record. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes: Record<string, unknown>;
}

export interface OtlpCollector {
  /** Give this to the tracing under test as its OTLP endpoint. */
  readonly baseUrl: string;
  /** Every span received so far, in arrival order. */
  readonly spans: readonly ReceivedSpan[];
  close(): Promise<void>;
}

interface ExportRequest {
  resourceSpans: Array<{
    scopeSpans: Array<{
      spans: Array<Omit<ReceivedSpan, 'attributes'> & { attributes: Array<{ key: string; value: Record<string, unknown> }> }>;
    }>;
  }>;
}

/**
 * A receiver for OTLP/HTTP JSON traces, as the local console is one: the real exporter sends to it
 * over HTTP, and tests read what arrived.
 */
export async function startOtlpCollector(): Promise<OtlpCollector> {
  const spans: ReceivedSpan[] = [];
  const served = await serve((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExportRequest;
      for (const span of body.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans))) {
        spans.push({ ...span, attributes: Object.fromEntries(span.attributes.map(({ key, value }) => [key, Object.values(value)[0]])) });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return { baseUrl: served.baseUrl, spans, close: () => served.close() };
}
