import { trace, type Tracer } from '@opentelemetry/api';
import { randomBytes } from 'node:crypto';
import type { Config } from './config.js';
import type { Tracing, TracingOptions } from './tracing-types.js';

export type { Tracing, TracingOptions } from './tracing-types.js';

/**
 * Tracing with OpenTelemetry, off unless an OTLP endpoint is configured. Only `@opentelemetry/api`
 * is imported here, and nothing on a request's path calls it while tracing is off: the request and
 * DynamoDB instrumentation is installed only once {@link startTracing} has run. The SDK and its
 * exporter are loaded by that call alone (a dynamic import, split into its own chunk by the bundler),
 * so a process without an endpoint, the Lambda's cold start included, never parses them.
 */

/** The instrumentation scope of every span our code makes. */
export const TRACER_NAME = 'picus';

let enabled = false;

/** True once {@link startTracing} has run in this copy of core: instrumentation is then worth installing. */
export function tracingEnabled(): boolean {
  return enabled;
}

/** The tracer our spans come from; a no-op until a provider is registered. */
export function tracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/**
 * Loads the SDK and registers it globally: a tracer provider exporting over OTLP/HTTP in batches,
 * the AsyncLocalStorage context manager, and the W3C `traceparent` propagator. When a provider is
 * already registered (the local Lambda host loads the function's bundle into its own process, and
 * both start tracing), this process's spans go to that one.
 */
export async function startTracing(options: TracingOptions): Promise<Tracing> {
  const { registerTracingSdk } = await import('./tracing-sdk.js');
  const tracing = registerTracingSdk(options);
  enabled = true;
  return tracing;
}

/** Starts tracing when the config names an OTLP endpoint; undefined (and nothing loaded) when it does not. */
export async function startTracingFromConfig(
  config: Pick<Config, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_BSP_SCHEDULE_DELAY' | 'SERVICE_NAME'>,
): Promise<Tracing | undefined> {
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  return startTracing({
    endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: config.SERVICE_NAME,
    scheduledDelayMs: config.OTEL_BSP_SCHEDULE_DELAY,
  });
}

/**
 * Wraps a Lambda handler so that its spans are sent before each invocation returns: Lambda freezes
 * the process between invocations, and a batch waiting on a timer would go out late or never.
 */
export function flushingAfterEachCall<Args extends unknown[], Result>(
  handler: (...args: Args) => Promise<Result>,
  tracing: Tracing,
): (...args: Args) => Promise<Result> {
  return async (...args) => {
    try {
      return await handler(...args);
    } finally {
      await tracing.flush().catch(() => undefined);
    }
  };
}

/**
 * Headers that ask every hop not to trace a request: a W3C `traceparent` whose sampled flag is off.
 * The stack's own probes (waiting for health, `make ps`, the console's services view) send it, so
 * they do not fill the console's list.
 */
export function untracedHeaders(): Record<string, string> {
  return { traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00` };
}
