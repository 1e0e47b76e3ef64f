/**
 * Process entry of the one-shot `table-bootstrap` job: creates the items table from the topology
 * in whatever DynamoDB DYNAMODB_ENDPOINT names (LocalStack or the DynamoDB container under
 * Compose), then exits. Safe to run on every start.
 */
import { configSchema, createLogger, documented, parseEnv } from '@picus/core';
import { ensureLocalTable } from '@picus/infra';
import * as z from 'zod/mini';

const env = parseEnv(
  z.object({
    DYNAMODB_ENDPOINT: documented(z.url(), 'The DynamoDB to create the table in.'),
    DYNAMODB_TABLE_NAME: configSchema.shape.DYNAMODB_TABLE_NAME,
    AWS_REGION: configSchema.shape.AWS_REGION,
  }),
  process.env,
);

const logger = createLogger({ service: 'table-bootstrap', level: 'info' });
await ensureLocalTable(env.DYNAMODB_ENDPOINT, { name: env.DYNAMODB_TABLE_NAME, region: env.AWS_REGION, timeoutMs: 60_000 });
logger.info({ table: env.DYNAMODB_TABLE_NAME, endpoint: env.DYNAMODB_ENDPOINT }, 'table ready');
logger.flush();
