/**
 * Process entry of `make api`, the quickest way to try the API: the embedded DynamoDB (data kept
 * under .data/quick-try) and the api service, wired as its container runs it, in one foreground
 * process on :8000. Ctrl-C stops both. For the whole topology behind the ALB emulator, `make up`.
 */
import { startApiService } from '@picus/api';
import { createLogger, exitOnSignals, exitOnStartupError, loadConfig } from '@picus/core';
import { ensureLocalTable, startEmbeddedDynamoDb } from '@picus/infra';
import { mkdirSync } from 'node:fs';
import { loadEnvFile } from './env-file.js';

const DATA_DIR = '.data/quick-try';

async function main(): Promise<void> {
  loadEnvFile();
  // The api's own configuration, DynamoDB aside: that is the embedded one started here.
  // Loopback whatever HOST says (it may be meant for another dev server), unless BIND_ADDRESS says otherwise.
  const config = loadConfig(
    { ...process.env, HOST: process.env.BIND_ADDRESS || '127.0.0.1', DYNAMODB_ENDPOINT: 'http://127.0.0.1:1' },
    { SERVICE_NAME: 'api' },
  );
  mkdirSync(DATA_DIR, { recursive: true });
  const dynamodb = await startEmbeddedDynamoDb({ port: 0, path: DATA_DIR });
  await ensureLocalTable(dynamodb.endpoint, { name: config.DYNAMODB_TABLE_NAME });
  const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  const { running } = await startApiService({ ...config, DYNAMODB_ENDPOINT: dynamodb.endpoint }, logger).catch(async (error: unknown) => {
    await dynamodb.stop();
    throw new Error(`api: cannot listen on ${config.HOST}:${config.PORT}: ${(error as Error).message}. Set PORT to use another port.`);
  });
  exitOnSignals(running, { graceMs: config.SHUTDOWN_GRACE_MS, logger, onClosed: () => dynamodb.stop() });
  console.log(
    `\n  api         http://${config.HOST}:${running.port}/picus/health\n  Swagger UI  http://${config.HOST}:${running.port}/docs\n  DynamoDB    ${dynamodb.endpoint} (data in ${DATA_DIR})\n`,
  );
}

main().catch(exitOnStartupError('api'));
