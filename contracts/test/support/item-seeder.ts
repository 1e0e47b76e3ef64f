import { DeleteItemCommand, PutItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { createCursorCodec, createDynamoDbBaseClient, createItemStore, encodePayload, loadConfig, type components } from '@picus/core';

type Item = components['schemas']['Item'];

export interface ItemSeederOptions {
  /** The DynamoDB endpoint the provider's handlers use (embedded DynamoDB). */
  readonly endpoint: string;
  readonly tableName: string;
  /** The provider's CURSOR_SECRET, so cursors made here are ones the provider accepts. */
  readonly cursorSecret?: string;
}

/**
 * Sets up provider states by writing DynamoDB directly, never through the API under test: a
 * state set up through the API would pass even when the API is what is broken.
 */
export interface ItemSeeder {
  /** Stores `item` under its own id (the item store only ever makes new ids). */
  put(item: Item): Promise<void>;
  /** Stores `count` items with fresh ids. */
  putMany(count: number): Promise<Item[]>;
  /** Deletes every item in the table. */
  clear(): Promise<void>;
  /** The `next_cursor` after the first `pageSize` items, as the provider would answer it. */
  cursorAfter(pageSize: number): Promise<string | undefined>;
  close(): void;
}

export function createItemSeeder(options: ItemSeederOptions): ItemSeeder {
  const config = loadConfig({
    DYNAMODB_ENDPOINT: options.endpoint,
    DYNAMODB_TABLE_NAME: options.tableName,
    CURSOR_SECRET: options.cursorSecret,
    LOG_LEVEL: 'silent',
  });
  const client = createDynamoDbBaseClient(config);
  const TableName = options.tableName;
  const store = createItemStore({ client, tableName: TableName, cursors: createCursorCodec(config.CURSOR_SECRET) });

  return {
    async put(item) {
      // The item store's stored form, with its own codec (payload as a DynamoDB map). The client
      // test "when an item is seeded directly, then getItem reads it back" fails if they part.
      await client.send(
        new PutItemCommand({
          TableName,
          Item: { id: { S: item.id }, payload: encodePayload(item.payload), created_at: { S: item.created_at } },
        }),
      );
    },

    async putMany(count) {
      const items: Item[] = [];
      for (let index = 0; index < count; index += 1) {
        items.push(await store.put({ name: `Item ${index + 1}`, role: 'seeded' }));
      }
      return items;
    },

    async clear() {
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await client.send(new ScanCommand({ TableName, ProjectionExpression: 'id', ExclusiveStartKey: startKey }));
        for (const item of page.Items ?? []) {
          if (item.id) await client.send(new DeleteItemCommand({ TableName, Key: { id: item.id } }));
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    },

    async cursorAfter(pageSize) {
      return (await store.list({ limit: pageSize })).nextCursor;
    },

    close: () => client.destroy(),
  };
}
