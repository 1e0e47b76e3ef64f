import { afterAll, beforeAll } from 'vitest';
import { createItemStoreFromConfig, createSyncLogger, loadConfig, type ItemStore } from '@picus/core';
import { captureLogs, startTestDatabase, type CapturedLogs, type TestDatabase } from '@picus/testkit';
import { albHandler, type AlbHandler } from '../src/alb-handler.js';
import { createDeleteFnApp } from '../src/app.js';

/** The Lambda's handler as ALB invokes it, over a fresh test database, its logs captured. */
export interface HandlerUnderTest {
  readonly handler: AlbHandler;
  /** The same table, for tests to arrange items and check what the handler did. */
  readonly store: ItemStore;
  readonly db: TestDatabase;
  readonly logs: CapturedLogs;
  stop(): Promise<void>;
}

export async function startHandlerUnderTest(): Promise<HandlerUnderTest> {
  const db = await startTestDatabase();
  const config = loadConfig(db.env);
  const store = createItemStoreFromConfig(config);
  const logs = captureLogs();
  const logger = createSyncLogger({ service: 'delete-fn', level: 'debug', destination: logs.destination });
  const handler = albHandler(createDeleteFnApp({ store, logger, validateResponses: true, maxBodyBytes: config.MAX_BODY_BYTES }), logger);
  return { handler, store, db, logs, stop: () => db.stop() };
}

/**
 * One handler for a whole test file: started before its first test, stopped after its last. The
 * returned view reads the running one, so tests use `lambda.handler`, `lambda.store`, `lambda.logs`.
 */
export function useHandlerUnderTest(): Omit<HandlerUnderTest, 'stop'> {
  let running: HandlerUnderTest | undefined;
  beforeAll(async () => {
    running = await startHandlerUnderTest();
  });
  afterAll(async () => {
    await running?.stop();
  });
  const current = () => {
    if (!running) throw new Error('the handler under test is used outside a test (it starts in beforeAll)');
    return running;
  };
  return {
    get handler() {
      return current().handler;
    },
    get store() {
      return current().store;
    },
    get db() {
      return current().db;
    },
    get logs() {
      return current().logs;
    },
  };
}
