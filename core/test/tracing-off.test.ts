import { describe, expect, it } from 'vitest';
import {
  createApp,
  createDynamoDbBaseClient,
  createLogger,
  DYNAMODB_SPANS_MIDDLEWARE,
  loadConfig,
  requestSpans,
  tracingEnabled,
} from '../src/index.js';

/** This file never starts tracing: what a process without OTEL_EXPORTER_OTLP_ENDPOINT runs. */
describe('tracing off (no OTLP endpoint configured)', () => {
  it('when no endpoint is configured, then the DynamoDB client has no tracing middleware and the app no span middleware', () => {
    const config = loadConfig({ DYNAMODB_ENDPOINT: 'http://127.0.0.1:1' });
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(tracingEnabled()).toBe(false);
    const client = createDynamoDbBaseClient(config);
    // The names come from the code that adds them, so a rename cannot make this pass vacuously.
    expect(client.middlewareStack.identify().join('\n')).not.toContain(DYNAMODB_SPANS_MIDDLEWARE);
    client.destroy();
    const app = createApp({
      logger: createLogger({ service: 'test', level: 'silent' }),
      validateResponses: false,
      maxBodyBytes: 1024,
      routes: () => undefined,
    });
    const names = (app.router as unknown as { stack: Array<{ name: string }> }).stack.map((layer) => layer.name);
    expect(requestSpans().name).not.toBe('');
    expect(names).not.toContain(requestSpans().name);
  });

  it('when the endpoint is not a URL, then the config names the variable', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'console:8090' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
