/**
 * `make api`: the quickest way to try the API. Starts the embedded DynamoDB (data kept under
 * .data/quick-try) and the api service in one foreground process on :8000. Ctrl-C stops both.
 * For the whole topology behind the ALB emulator, use `make up`.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createApiApp } from '@picus/api';
import { createCursorCodec, createDynamoDbBaseClient, createItemStore, createLogger, exitOnSignals, listen, loadConfig } from '@picus/core';
import { ensureTable } from '@picus/infra';
import { startEmbeddedDynamoDb } from '@picus/infra/local';
import { mkdirSync } from 'node:fs';

const DATA_DIR = '.data/quick-try';
mkdirSync(DATA_DIR, { recursive: true });
const dynamodb = await startEmbeddedDynamoDb({ port: 0, path: DATA_DIR });
const config = loadConfig({ ...process.env, DYNAMODB_ENDPOINT: dynamodb.endpoint }, { SERVICE_NAME: 'api' });
const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
const baseClient = createDynamoDbBaseClient(config);
await ensureTable(baseClient, { name: config.DYNAMODB_TABLE_NAME });
const store = createItemStore({ client: DynamoDBDocumentClient.from(baseClient), tableName: config.DYNAMODB_TABLE_NAME, cursors: createCursorCodec(config.CURSOR_SECRET) });
let isDraining = () => false;
const app = createApiApp({ store, logger, validateResponses: config.VALIDATE_RESPONSES, maxBodyBytes: config.MAX_BODY_BYTES, isDraining: () => isDraining() });
const running = await listen(app, { host: config.HOST, port: config.PORT, logger }).catch((error: unknown) => {
  console.error(`api: cannot listen on ${config.HOST}:${config.PORT}: ${(error as Error).message}. Set PORT to use another port.`);
  process.exit(1);
});
isDraining = running.isDraining;
exitOnSignals(running, { graceMs: config.SHUTDOWN_GRACE_MS, logger, onClosed: () => dynamodb.stop() });
console.log(`\n  api         http://${config.HOST}:${running.port}/picus/health\n  Swagger UI  http://${config.HOST}:${running.port}/docs\n  DynamoDB    ${dynamodb.endpoint} (data in ${DATA_DIR})\n`);
