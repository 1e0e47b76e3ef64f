/**
 * Process entry: creates the items table from the topology in whatever DynamoDB DYNAMODB_ENDPOINT
 * names (LocalStack under Compose), then exits. Safe to run on every start.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { ensureTable } from '../../src/table-bootstrap.js';

const env = z
  .object({
    DYNAMODB_ENDPOINT: z.url(),
    DYNAMODB_TABLE_NAME: z.string().default('picus'),
    AWS_REGION: z.string().default('us-east-1'),
  })
  .parse(process.env);

const client = new DynamoDBClient({ region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
await ensureTable(client, { name: env.DYNAMODB_TABLE_NAME, timeoutMs: 60_000 });
console.log(JSON.stringify({ level: 'info', service: 'table-bootstrap', table: env.DYNAMODB_TABLE_NAME, endpoint: env.DYNAMODB_ENDPOINT, msg: 'table ready' }));
client.destroy();
