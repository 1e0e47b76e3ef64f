import { createItemStoreFromConfig, listen, type Config, type Logger, type RunningServer } from '@picus/core';
import { createApiApp } from './app.js';

/**
 * Builds the api service from its config (the item store, the app) and starts listening. The
 * container's entry point (`server.ts`) and the quick try (`make api`) both start it this way.
 */
export async function startApiService(config: Readonly<Config>, logger: Logger): Promise<RunningServer> {
  // Health answers 503 once draining begins, which needs the server that is not listening yet.
  let isDraining = () => false;
  const app = createApiApp({
    store: createItemStoreFromConfig(config),
    logger,
    validateResponses: config.VALIDATE_RESPONSES,
    maxBodyBytes: config.MAX_BODY_BYTES,
    isDraining: () => isDraining(),
  });
  const running = await listen(app, { host: config.HOST, port: config.PORT, logger });
  isDraining = running.isDraining;
  return running;
}
