import { createItemStoreFromConfig, listen, type Config, type ItemStore, type Logger, type RunningServer } from '@picus/core';
import { createApiApp } from './app.js';
import { apiLimitsFromConfig, type ApiLimits } from './limits.js';

export interface ApiService {
  readonly running: RunningServer;
  /** The item store the app serves from (its batch counts, for the process to report). */
  readonly store: ItemStore;
  /** The memory budget and list-all gate the app admits work with (their counters, for the process to report). */
  readonly limits: ApiLimits;
}

/**
 * Builds the api service from its config (the item store, the app) and starts listening. The
 * container's entry point (`server.ts`) and the quick try (`make api`) both start it this way.
 */
export async function startApiService(config: Readonly<Config>, logger: Logger): Promise<ApiService> {
  // Health answers 503 once draining begins, which needs the server that is not listening yet.
  let isDraining = () => false;
  const store = createItemStoreFromConfig(config);
  const limits = apiLimitsFromConfig(config);
  const app = createApiApp({
    limits,
    store,
    logger,
    validateResponses: config.VALIDATE_RESPONSES,
    maxBodyBytes: config.MAX_BODY_BYTES,
    isDraining: () => isDraining(),
  });
  const running = await listen(app, { host: config.HOST, port: config.PORT, logger });
  isDraining = running.isDraining;
  return { running, store, limits };
}
