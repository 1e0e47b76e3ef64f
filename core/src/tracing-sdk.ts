/**
 * The OpenTelemetry SDK set-up, imported only by `startTracing` (see tracing.ts) so that a process
 * with tracing off never loads it.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, RandomIdGenerator, TracerProvider, type IdGenerator } from '@opentelemetry/sdk-trace';
import { hostname } from 'node:os';
import type { Tracing, TracingOptions } from './tracing-types.js';

/**
 * Trace ids whose first 8 hex digits are the epoch seconds, as X-Ray's are: an ADOT collector can
 * then hand our traces to X-Ray unchanged, and they stay valid W3C trace ids everywhere else. The
 * random part is the SDK's own (not crypto-strong, which W3C does not ask for): a profile of the
 * api with tracing on showed crypto's random bytes at about 4 % of its CPU.
 */
const random = new RandomIdGenerator();
const xrayCompatibleIds: IdGenerator = {
  generateTraceId: () =>
    Math.floor(Date.now() / 1000)
      .toString(16)
      .padStart(8, '0') + random.generateTraceId().slice(8),
  generateSpanId: () => random.generateSpanId(),
};

export function registerTracingSdk(options: TracingOptions): Tracing {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName, 'host.name': hostname(), 'process.pid': process.pid }),
    idGenerator: xrayCompatibleIds,
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces`, timeoutMillis: 5_000 }),
        scheduledDelayMillis: options.scheduledDelayMs,
        // Bounded: when the collector is away, spans are dropped rather than kept without limit.
        maxQueueSize: 4_096,
      }),
    ],
  });
  const registered = trace.setGlobalTracerProvider(provider);
  if (!registered) {
    // Another copy of the SDK got there first (the Lambda host, in whose process the function runs).
    void provider.shutdown();
    return { flush: flushGlobal, shutdown: flushGlobal };
  }
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return { flush: () => provider.forceFlush(), shutdown: () => provider.shutdown() };
}

/** Flushes whichever provider is registered (possibly another copy's). */
async function flushGlobal(): Promise<void> {
  const proxy = trace.getTracerProvider() as { getDelegate?: () => { forceFlush?: () => Promise<void> } };
  await proxy.getDelegate?.().forceFlush?.();
}
