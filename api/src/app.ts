import { admitBodies, createApp, loadConfig, type ItemStore, type Logger } from '@picus/core';
import type { Express } from 'express';
import { docsPages } from './routes/docs.js';
import { apiLimitsFromConfig, type ApiLimits } from './limits.js';
import { healthFastPath, healthRoutes } from './routes/health.js';
import { itemRoutes } from './routes/items.js';

export interface ApiDeps {
  readonly store: ItemStore;
  readonly logger: Logger;
  readonly validateResponses: boolean;
  readonly maxBodyBytes: number;
  /** True once the process has begun to shut down; health then answers 503. */
  readonly isDraining?: () => boolean;
  /** The memory budget and list-all bounds; the configuration's defaults when absent. */
  readonly limits?: ApiLimits;
}

/** The ECS service's app: health, put, get, list and the docs. Never listens (see server.ts). */
export function createApiApp(deps: ApiDeps): Express {
  const isDraining = deps.isDraining ?? (() => false);
  const limits = deps.limits ?? apiLimitsFromConfig(loadConfig({}));
  return createApp({
    logger: deps.logger,
    validateResponses: deps.validateResponses,
    maxBodyBytes: deps.maxBodyBytes,
    responseHeaders: { 'x-served-by': 'api' },
    // Health is served before this (a shedding api is still alive: ALB must not replace it).
    admission: admitBodies({ budget: limits.budget, maxBodyBytes: deps.maxBodyBytes, writeDeadlineMs: limits.writeDeadlineMs }),
    pages: (app) => {
      healthFastPath(app, { isDraining });
      docsPages(app);
    },
    routes: (router) => {
      healthRoutes(router, { isDraining });
      itemRoutes(router, { store: deps.store, limits });
    },
  });
}
