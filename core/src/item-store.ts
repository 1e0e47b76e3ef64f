import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { CursorCodec } from './cursor.js';
import { ItemTooLargeError } from './domain-errors.js';
import type { components } from './generated/openapi-types.js';
import { toStoreError } from './store-errors.js';

export type NewItem = components['schemas']['NewItem'];
export type Item = components['schemas']['Item'];

export interface ItemPage {
  readonly items: Item[];
  /** Set when more items remain. */
  readonly nextCursor?: string;
}

/**
 * How an item sits in the table. The payload is kept as JSON text rather than a DynamoDB map:
 * a map cannot hold every JSON object (numbers beyond DynamoDB's range, nesting deeper than 32
 * levels), and text round-trips every accepted payload exactly.
 */
interface StoredItem {
  id: string;
  payload: string;
  created_at: string;
}

/** Reads and writes items in the DynamoDB table. Returns plain objects; knows nothing of HTTP. */
export interface ItemStore {
  put(payload: NewItem): Promise<Item>;
  get(id: string): Promise<Item | undefined>;
  list(options: { limit: number; cursor?: string }): Promise<ItemPage>;
  /** @returns false when no item had this id. */
  delete(id: string): Promise<boolean>;
}

export function createItemStore(deps: { client: DynamoDBDocumentClient; tableName: string; cursors: CursorCodec; now?: () => Date }): ItemStore {
  const { client, tableName: TableName, cursors } = deps;
  const now = deps.now ?? (() => new Date());

  const fromStored = (stored: StoredItem): Item => ({ id: stored.id, payload: JSON.parse(stored.payload) as NewItem, created_at: stored.created_at });

  return {
    async put(payload) {
      const item: StoredItem = { id: randomUUID(), payload: JSON.stringify(payload), created_at: now().toISOString() };
      try {
        await client.send(new PutCommand({ TableName, Item: item, ConditionExpression: 'attribute_not_exists(id)' }));
      } catch (error) {
        if (isItemSizeError(error)) throw new ItemTooLargeError("The item exceeds DynamoDB's 400 KB item size limit.");
        throw toStoreError(error);
      }
      return fromStored(item);
    },

    async get(id) {
      try {
        const { Item } = await client.send(new GetCommand({ TableName, Key: { id } }));
        return Item ? fromStored(Item as StoredItem) : undefined;
      } catch (error) {
        throw toStoreError(error);
      }
    },

    async list({ limit, cursor }) {
      // Decode before calling DynamoDB so a forged cursor never reaches it.
      const startKey = cursor === undefined ? undefined : cursors.decode(cursor);
      try {
        const page = await client.send(new ScanCommand({ TableName, Limit: limit, ExclusiveStartKey: startKey }));
        const items = (page.Items ?? []).map((stored) => fromStored(stored as StoredItem));
        const lastKey = page.LastEvaluatedKey as { id: string } | undefined;
        return lastKey ? { items, nextCursor: cursors.encode({ id: lastKey.id }) } : { items };
      } catch (error) {
        throw toStoreError(error);
      }
    },

    async delete(id) {
      try {
        await client.send(new DeleteCommand({ TableName, Key: { id }, ConditionExpression: 'attribute_exists(id)' }));
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw toStoreError(error);
      }
    },
  };
}

function isItemSizeError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException' && /size has exceeded/i.test(error.message);
}
