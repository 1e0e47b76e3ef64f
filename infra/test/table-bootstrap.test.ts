import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, startEmbeddedDynamoDb, topology, type EmbeddedDynamoDb } from '../src/index.js';

let dynamodb: EmbeddedDynamoDb;
let client: DynamoDBClient;
beforeAll(async () => {
  dynamodb = await startEmbeddedDynamoDb();
  client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: dynamodb.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  client.destroy();
  await dynamodb.stop();
});

describe('table bootstrap', () => {
  it('when the table is deleted and ensured at once (make reset), then it is created again, ACTIVE and empty', async () => {
    const TableName = 'picus-reset-test';
    await ensureTable(client, { name: TableName });
    await client.send(new PutItemCommand({ TableName, Item: { [topology.table.partitionKey.name]: { S: 'kept-before-reset' } } }));
    await client.send(new DeleteTableCommand({ TableName }));
    // Sent while the table is still DELETING: CreateTable is refused as in use.
    await ensureTable(client, { name: TableName, timeoutMs: 5_000 });
    const { Table } = await client.send(new DescribeTableCommand({ TableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect((await client.send(new ScanCommand({ TableName }))).Count).toBe(0);
  });
});
