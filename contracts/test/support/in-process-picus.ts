import { createApiApp } from '@picus/api';
import { createItemStoreFromConfig, createLogger, loadConfig, type Config, type ItemStore } from '@picus/core';
import { createDeleteFnApp } from '@picus/delete-fn';
import { serve, startTestDatabase, type TestDatabase } from '@picus/testkit';
import type { RequestListener } from 'node:http';

export interface InProcessPicus {
  /** Where the whole API answers: DELETE goes to the delete-fn app, everything else to the api app. */
  readonly baseUrl: string;
  readonly db: TestDatabase;
  /** The config the handlers run with, as a handler process parses it. */
  readonly config: Readonly<Config>;
  readonly store: ItemStore;
  stop(): Promise<void>;
}

export interface InProcessPicusOptions {
  /** Serves DELETE instead of the real delete-fn app, e.g. a deliberately wrong provider. */
  readonly deleteHandler?: (store: ItemStore, fallback: RequestListener) => RequestListener;
}

/**
 * Both real handler apps in this process on one free port, over a fresh embedded DynamoDB, with
 * the split by method the ALB makes. Fast enough for unit tests of the client; tests of the
 * hosting itself go through the embedded stack's router instead.
 */
export async function startInProcessPicus(options: InProcessPicusOptions = {}): Promise<InProcessPicus> {
  const db = await startTestDatabase();
  const config = loadConfig(db.env);
  const store = createItemStoreFromConfig(config);
  const logger = createLogger({ service: 'contracts-test', level: 'silent' });
  const common = { store, logger, validateResponses: true, maxBodyBytes: config.MAX_BODY_BYTES };
  const api = createApiApp(common);
  const deleteFn: RequestListener = createDeleteFnApp(common);
  const onDelete = options.deleteHandler ? options.deleteHandler(store, deleteFn) : deleteFn;
  const served = await serve((req, res) => (req.method === 'DELETE' ? onDelete(req, res) : api(req, res)));
  return {
    baseUrl: served.baseUrl,
    db,
    config,
    store,
    stop: async () => {
      await served.close();
      await db.stop();
    },
  };
}
