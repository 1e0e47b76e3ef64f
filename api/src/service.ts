import { createItemStoreFromConfig, listen, type Config, type Logger, type RunningServer } from '@picus/core';
import { createApiApp } from './app.js';

/**
 * Builds the api service from its config (the item store, the app) and starts listening. The
 * container's entry point (`server.ts`) and the quick try (`make api`) both start it this way.
 */
export async function startApiService(config: Readonly<Config>, logger: Logger): Promise<RunningServer> {
  // Health answers 503 once draining begins, which needs the server that is not listening yet.
  let isDraining = () => false;
  const store = createItemStoreFromConfig(config);
  // On demand (`kill -USR2 <pid>`; `make bench` reads it): the DynamoDB calls the batched gets and puts made so far.
  process.on('SIGUSR2', () => logger.info({ dynamodbBatches: store.batchCounts() }, 'dynamodb batch counts'));
  const app = createApiApp({
    store,
    logger,
    validateResponses: config.VALIDATE_RESPONSES,
    maxBodyBytes: config.MAX_BODY_BYTES,
    isDraining: () => isDraining(),
  });
  const running = await listen(app, { host: config.HOST, port: config.PORT, logger });
  isDraining = running.isDraining;
  return running;
}
