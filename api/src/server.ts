import { announceListening, ConfigError, createDynamoDbClient, createCursorCodec, createItemStore, createLogger, exitOnSignals, exitWithParent, listen, loadConfig } from '@picus/core';
import { createApiApp } from './app.js';

/** The api process: parse config once, build the store and app, listen, drain on SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig(process.env, { SERVICE_NAME: 'api', PORT: '8000' });
  exitWithParent(config.EXIT_WITH_PARENT);
  const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  const store = createItemStore({
    client: createDynamoDbClient(config),
    tableName: config.DYNAMODB_TABLE_NAME,
    cursors: createCursorCodec(config.CURSOR_SECRET),
  });
  let isDraining = () => false;
  const app = createApiApp({
    store,
    logger,
    validateResponses: config.VALIDATE_RESPONSES,
    maxBodyBytes: config.MAX_BODY_BYTES,
    isDraining: () => isDraining(),
  });
  const running = await listen(app, { host: config.HOST, port: config.PORT, logger });
  isDraining = running.isDraining;
  exitOnSignals(running, { graceMs: config.SHUTDOWN_GRACE_MS, logger });
  announceListening(config.SERVICE_NAME, running.port, { host: config.HOST, table: config.DYNAMODB_TABLE_NAME, endpoint: config.DYNAMODB_ENDPOINT ?? 'aws' });
}

main().catch((error: unknown) => {
  // Config and port errors are the user's to fix: say what, without a stack trace.
  const known = error instanceof ConfigError || (error as { code?: string }).code === 'EADDRINUSE';
  console.error(known ? `api: ${(error as Error).message}` : error);
  process.exit(1);
});
