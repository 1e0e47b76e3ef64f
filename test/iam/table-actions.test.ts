import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCursorCodec, createDynamoDbBaseClient, createItemStore, loadConfig, type ItemStore } from '@picus/core';
import { startTestDatabase, type TestDatabase } from '@picus/testkit';
import { API_SERVICE_TABLE_ACTIONS } from '../../infra/cdk/lib/api-service.js';
import { DELETE_FUNCTION_TABLE_ACTIONS } from '../../infra/cdk/lib/delete-function.js';

/**
 * The IAM actions each role is granted (infra/cdk) against the DynamoDB calls the item store really
 * makes, recorded from the SDK client as each handler's operations run on a real DynamoDB: a store
 * change that starts a new kind of call (a batch, a fallback) fails here before it fails in AWS
 * with AccessDenied, and a grant nothing uses fails here too.
 */
let db: TestDatabase;
let store: ItemStore;
let recorded = new Set<string>();

beforeAll(async () => {
  db = await startTestDatabase();
  const config = loadConfig(db.env);
  const client = createDynamoDbBaseClient(config);
  client.middlewareStack.add(
    (next, context) => (args) => {
      recorded.add(`dynamodb:${String(context.commandName).replace(/Command$/, '')}`);
      return next(args);
    },
    { step: 'initialize', name: 'recordCalls' },
  );
  store = createItemStore({ client, tableName: config.DYNAMODB_TABLE_NAME, cursors: createCursorCodec(config.CURSOR_SECRET) });
});
afterAll(async () => {
  await db?.stop();
});

/** The calls `work` makes. */
async function callsOf(work: () => Promise<unknown>): Promise<string[]> {
  recorded = new Set();
  await work();
  return [...recorded].sort();
}

describe('least-privilege table actions', () => {
  it("when the api's operations run (create, an oversized create, get, list, list all), then its task role grants exactly the calls they make", async () => {
    const used = await callsOf(async () => {
      // A lone create, then many at once: they go out as one PutItem, then batched.
      const item = await store.put({ name: 'Ada', role: 'engineer' });
      const items = await Promise.all(Array.from({ length: 30 }, (_, n) => store.put({ name: `n${n}`, role: 'batched' })));
      // Too large for DynamoDB: the batch is refused and the item is tried on its own.
      await store.put({ name: 'Big', role: 'x', blob: 'x'.repeat(420_000) }).catch(() => undefined);
      await Promise.all([item, ...items].map((created) => store.get(created.id)));
      await store.list({ limit: 10 });
      for await (const page of store.listAll({ cap: 100 })) expect(page.items.length).toBeGreaterThan(0);
    });
    expect([...API_SERVICE_TABLE_ACTIONS].sort()).toEqual(used);
  });

  it("when the Lambda's operation runs (delete, found and not), then its role grants exactly the calls it makes", async () => {
    const { id } = await store.put({ name: 'Gone', role: 'soon' });
    const used = await callsOf(async () => {
      await store.delete(id);
      await store.delete(id);
    });
    expect([...DELETE_FUNCTION_TABLE_ACTIONS].sort()).toEqual(used);
  });
});
