import { createApp, type ItemStore, type Logger } from '@picus/core';
import type { Express } from 'express';
import { docsPages } from './routes/docs.js';
import { healthFastPath, healthRoutes } from './routes/health.js';
import { itemRoutes } from './routes/items.js';

export interface ApiDeps {
  readonly store: ItemStore;
  readonly logger: Logger;
  readonly validateResponses: boolean;
  readonly maxBodyBytes: number;
  /** True once the process has begun to shut down; health then answers 503. */
  readonly isDraining?: () => boolean;
}

/** The ECS service's app: health, put, get, list and the docs. Never listens (see server.ts). */
export function createApiApp(deps: ApiDeps): Express {
  const isDraining = deps.isDraining ?? (() => false);
  return createApp({
    logger: deps.logger,
    validateResponses: deps.validateResponses,
    maxBodyBytes: deps.maxBodyBytes,
    responseHeaders: { 'x-served-by': 'api' },
    pages: (app) => {
      healthFastPath(app, { isDraining });
      docsPages(app);
    },
    routes: (router) => {
      healthRoutes(router, { isDraining });
      itemRoutes(router, { store: deps.store });
    },
  });
}
