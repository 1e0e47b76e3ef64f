import { createLogger, exitOnSignals, exitOnStartupError, loadConfig, startTracingFromConfig } from '@picus/core';
import { startApiService } from './service.js';

/** The api process (the ECS task's command): parse config once, start the service, drain on SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig(process.env, { SERVICE_NAME: 'api', PORT: '8000' });
  const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  // Before the service is built: its app and DynamoDB client are instrumented only when tracing is on.
  const tracing = await startTracingFromConfig(config);
  const { running, store, limits } = await startApiService(config, logger);
  // On demand (`kill -USR2 <pid>`; `make bench` reads it): the DynamoDB calls the batched gets and puts made so far,
  // and the memory budget's counters (requests shed, the most held at once).
  process.on('SIGUSR2', () =>
    logger.info(
      { dynamodbBatches: store.batchCounts(), memoryBudget: limits.budget.stats(), listAll: limits.listAllGate.stats() },
      'dynamodb batch counts',
    ),
  );
  exitOnSignals(running, { graceMs: config.SHUTDOWN_GRACE_MS, logger, onClosed: () => tracing?.shutdown() });
  logger.info(
    { host: config.HOST, port: running.port, table: config.DYNAMODB_TABLE_NAME, endpoint: config.DYNAMODB_ENDPOINT ?? 'aws' },
    'listening',
  );
}

// Config and port errors are the user's to fix: one line per problem, without a stack trace.
main().catch(exitOnStartupError('api'));
