/** Process entry: the embedded DynamoDB, with the items table bootstrapped from the topology. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { announceListening, exitWithParent } from '@picus/core';
import { mkdirSync } from 'node:fs';
import { z } from 'zod';
import { ensureTable } from '../../src/table-bootstrap.js';
import { startEmbeddedDynamoDb } from '../embedded-dynamodb.js';

const env = z
  .object({
    EXIT_WITH_PARENT: z.enum(['true', 'false']).default('false'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4566),
    HOST: z.string().default('127.0.0.1'),
    DATA_DIR: z.string().optional().describe('LevelDB folder; in memory when unset'),
    DYNAMODB_TABLE_NAME: z.string().default('picus'),
  })
  .parse(process.env);

exitWithParent(env.EXIT_WITH_PARENT === 'true');
if (env.DATA_DIR) mkdirSync(env.DATA_DIR, { recursive: true });
const dynamodb = await startEmbeddedDynamoDb({ host: env.HOST, port: env.PORT, ...(env.DATA_DIR ? { path: env.DATA_DIR } : {}) });
const admin = new DynamoDBClient({ region: 'us-east-1', endpoint: dynamodb.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
await ensureTable(admin, { name: env.DYNAMODB_TABLE_NAME });
admin.destroy();
announceListening('dynamodb', dynamodb.port, { table: env.DYNAMODB_TABLE_NAME, dataDir: env.DATA_DIR ?? 'memory' });

const stop = () => void dynamodb.stop().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
