import { randomBytes } from 'node:crypto';
import { createItemStoreFromConfig, createSyncLogger, flushingAfterEachCall, loadConfig, startTracingFromConfig } from '@picus/core';
import { albHandler } from './alb-handler.js';
import { createDeleteFnApp } from './app.js';

// Init runs once per Lambda instance (cold start), outside the handler, as Lambda intends:
// config is parsed, the SDK client and the app are built (no web framework, no schema compiled: the
// validators are generated code), and every warm invoke reuses them.
// DELETE never issues or reads a list cursor, so the Lambda gets no CURSOR_SECRET: a random key per
// instance satisfies the store and never falls back to the public default production refuses.
const config = loadConfig(process.env, { SERVICE_NAME: 'delete-fn', CURSOR_SECRET: randomBytes(32).toString('base64url') });
const logger = createSyncLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
// Only with OTEL_EXPORTER_OTLP_ENDPOINT set is the SDK loaded (its own chunk), before the app and client are built.
const tracing = await startTracingFromConfig(config);
const app = createDeleteFnApp({
  store: createItemStoreFromConfig(config),
  logger,
  validateResponses: config.VALIDATE_RESPONSES,
  maxBodyBytes: config.MAX_BODY_BYTES,
});

/** The Lambda entry point for ALB target-group events. */
export const handler = tracing ? flushingAfterEachCall(albHandler(app, logger), tracing) : albHandler(app, logger);
