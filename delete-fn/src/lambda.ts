import { createItemStoreFromConfig, createLogger, loadConfig } from '@picus/core';
import { albHandler } from './alb-handler.js';
import { createDeleteFnApp } from './app.js';

// Init runs once per Lambda instance (cold start), outside the handler, as Lambda intends:
// config is parsed, the SDK client and the app are built, and every warm invoke reuses them.
const config = loadConfig(process.env, { SERVICE_NAME: 'delete-fn' });
const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
const app = createDeleteFnApp({ store: createItemStoreFromConfig(config), logger, validateResponses: config.VALIDATE_RESPONSES, maxBodyBytes: config.MAX_BODY_BYTES });

/** The Lambda entry point for ALB target-group events. */
export const handler = albHandler(app, logger);
