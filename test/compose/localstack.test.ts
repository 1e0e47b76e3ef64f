import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createCursorCodec, createDynamoDbClient, createItemStore, loadConfig, type ItemStore } from '@picus/core';
import { ensureTable } from '@picus/infra';

// Testcontainers needs a Docker engine; `docker info` answers only where one runs.
const engine = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5_000 }).status === 0;
if (!engine) {
  console.warn('LocalStack (Testcontainers) tests skipped: no Docker engine answers here. The embedded-stack journeys cover the same behaviour against the embedded DynamoDB.');
}

describe.skipIf(!engine)('the item store against LocalStack (Testcontainers)', () => {
  let stopContainer: () => Promise<unknown>;
  let store: ItemStore;

  beforeAll(async () => {
    const { LocalstackContainer } = await import('@testcontainers/localstack');
    const container = await new LocalstackContainer('localstack/localstack:4.14').withEnvironment({ SERVICES: 'dynamodb' }).start();
    stopContainer = () => container.stop();
    const config = loadConfig({ DYNAMODB_ENDPOINT: container.getConnectionUri(), DYNAMODB_TABLE_NAME: 'picus' });
    await ensureTable(new DynamoDBClient({ region: 'us-east-1', endpoint: config.DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }), { timeoutMs: 60_000 });
    store = createItemStore({ client: createDynamoDbClient(config), tableName: 'picus', cursors: createCursorCodec(config.CURSOR_SECRET) });
  }, 180_000);

  afterAll(async () => {
    await stopContainer?.();
  });

  it('when an item is put, listed and deleted, then LocalStack behaves as the embedded DynamoDB does', async () => {
    const item = await store.put({ name: 'Ada', role: 'engineer', deep: { n: 1e300 } });
    expect(await store.get(item.id)).toEqual(item);
    const page = await store.list({ limit: 1000 });
    expect(page.items.map((listed) => listed.id)).toContain(item.id);
    expect(await store.delete(item.id)).toBe(true);
    expect(await store.delete(item.id)).toBe(false);
  });
});
