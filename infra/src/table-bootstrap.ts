import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { topology, type TableDefinition } from './topology.js';

/**
 * Creates the items table from the topology when it does not exist, and waits until it is
 * ACTIVE (the embedded DynamoDB answers CreateTable with CREATING, as DynamoDB does). A table
 * still being deleted is waited out and created again. Idempotent: safe on every start.
 */
export async function ensureTable(
  client: DynamoDBClient,
  options: { table?: TableDefinition; name?: string; timeoutMs?: number } = {},
): Promise<void> {
  const table = options.table ?? topology.table;
  const TableName = options.name ?? table.name;
  const create = () =>
    client
      .send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: table.partitionKey.name, AttributeType: table.partitionKey.type }],
          KeySchema: [{ AttributeName: table.partitionKey.name, KeyType: 'HASH' }],
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ResourceInUseException)) throw error;
      });
  await create();
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName }));
      if (Table?.TableStatus === 'ACTIVE') return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      // The table existed when CreateTable was sent but was being deleted (`make reset` deletes it
      // just before): now that it is gone, create it again.
      await create();
    }
    if (Date.now() > deadline) throw new Error(`Table ${TableName} did not become ACTIVE in time`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * {@link ensureTable} against a local DynamoDB (the embedded one, LocalStack), which accepts any
 * credentials: builds a client for `endpoint`, ensures the table, and closes the client.
 */
export async function ensureLocalTable(
  endpoint: string,
  options: { name?: string; timeoutMs?: number; region?: string } = {},
): Promise<void> {
  const client = new DynamoDBClient({
    region: options.region ?? 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await ensureTable(client, {
      ...(options.name ? { name: options.name } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
  } finally {
    client.destroy();
  }
}
