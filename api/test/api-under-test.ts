import { createItemStoreFromConfig, createLogger, loadConfig, type Config } from '@picus/core';
import { captureLogs, serve, startTestDatabase, type CapturedLogs, type TestDatabase } from '@picus/testkit';
import { createApiApp } from '../src/app.js';
import { apiLimitsFromConfig } from '../src/limits.js';

/** The api app, served in-process on a free port over a fresh test database, its logs captured. */
export interface ApiUnderTest {
  readonly baseUrl: string;
  readonly db: TestDatabase;
  /** The config a handler would parse for this database (extra environment included). */
  readonly config: Readonly<Config>;
  readonly logs: CapturedLogs;
  stop(): Promise<void>;
}

export interface ApiOptions {
  /** Environment over the database's (e.g. another DYNAMODB_ENDPOINT in front of it). */
  readonly env?: Record<string, string>;
  readonly maxBodyBytes?: number;
  readonly isDraining?: () => boolean;
  /** A database another api under test already runs on; left running on stop. A fresh one otherwise. */
  readonly database?: TestDatabase;
}

export async function startApiUnderTest(options: ApiOptions = {}): Promise<ApiUnderTest> {
  const db = options.database ?? (await startTestDatabase());
  const config = loadConfig({ ...db.env, ...options.env });
  const logs = captureLogs();
  const logger = createLogger({ service: 'api', level: 'debug', destination: logs.destination });
  const served = await serve(
    createApiApp({
      store: createItemStoreFromConfig(config),
      logger,
      validateResponses: true,
      maxBodyBytes: options.maxBodyBytes ?? config.MAX_BODY_BYTES,
      limits: apiLimitsFromConfig(config),
      ...(options.isDraining ? { isDraining: options.isDraining } : {}),
    }),
  );
  return {
    baseUrl: served.baseUrl,
    db,
    config,
    logs,
    async stop() {
      await served.close();
      if (!options.database) await db.stop();
    },
  };
}
