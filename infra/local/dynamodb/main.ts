/**
 * Process entry of the `dynamodb` service: the embedded DynamoDB, ready once the items table
 * (bootstrapped from the topology) is ACTIVE.
 */
import { createLogger, documented, envText, parseEnv } from '@picus/core';
import { ensureLocalTable, startEmbeddedDynamoDb, topology } from '@picus/infra';
import { mkdirSync } from 'node:fs';
import * as z from 'zod/mini';
import { serverEnv } from '../process/server-env.js';
import { reportReady } from '../process/ipc-messages.js';
import { reportStartupErrors } from '../process/startup-errors.js';

reportStartupErrors();

const env = parseEnv(
  z.object({
    ...serverEnv(topology.localPorts.dynamodb),
    DATA_DIR: z.optional(documented(envText(1), 'LevelDB folder the data persists in; in memory when unset.')),
    DYNAMODB_TABLE_NAME: z._default(documented(envText(3, 255), 'The items table to bootstrap.'), topology.table.name),
  }),
  process.env,
);

const logger = createLogger({ service: 'dynamodb', level: env.LOG_LEVEL });
if (env.DATA_DIR) mkdirSync(env.DATA_DIR, { recursive: true });
const dynamodb = await startEmbeddedDynamoDb({ host: env.HOST, port: env.PORT, ...(env.DATA_DIR ? { path: env.DATA_DIR } : {}) });
await ensureLocalTable(dynamodb.endpoint, { name: env.DYNAMODB_TABLE_NAME });
logger.info({ port: dynamodb.port, table: env.DYNAMODB_TABLE_NAME, dataDir: env.DATA_DIR ?? 'memory' }, 'listening');
reportReady({ listener: dynamodb.port });

const stop = () => void dynamodb.stop().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
