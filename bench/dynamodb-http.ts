import { randomUUID } from 'node:crypto';
import { encodePayload } from '@picus/core';

/**
 * DynamoDB's JSON protocol spoken over raw HTTP, so the embedded DynamoDB can be measured (and
 * seeded) without the SDK in the way. dynalite checks that an `authorization` header of the SigV4
 * shape is present but not the signature, so a fixed fake one is enough.
 */
export function dynamoDbHeaders(operation: 'PutItem' | 'GetItem' | 'BatchWriteItem'): Record<string, string> {
  return {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': `DynamoDB_20120810.${operation}`,
    'x-amz-date': '20260101T000000Z',
    authorization:
      'AWS4-HMAC-SHA256 Credential=LOCALBENCH/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=' +
      '0'.repeat(64),
  };
}

/**
 * An item as the item store writes it: the payload as a DynamoDB map, through the store's own codec
 * (core/src/payload-codec.ts). Seeded items read as the api's own writes do, not through the path
 * that still reads payloads stored as JSON text.
 */
export function storedItem(id: string, payload: Record<string, string>): Record<string, ReturnType<typeof encodePayload>> {
  return { id: { S: id }, payload: encodePayload(payload), created_at: { S: new Date().toISOString() } };
}

export function putItemBody(tableName: string, id: string, payload: Record<string, string>): string {
  return JSON.stringify({ TableName: tableName, Item: storedItem(id, payload) });
}

export function getItemBody(tableName: string, id: string): string {
  return JSON.stringify({ TableName: tableName, Key: { id: { S: id } } });
}

/**
 * Writes `count` items straight into the table (BatchWriteItem, 25 a call, a few calls in flight)
 * and returns their ids: seeding through the API would cost as much as a benchmark of its own.
 */
export async function seedItems(endpoint: string, tableName: string, count: number, concurrency = 4): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += 25) batches.push(ids.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] ?? [];
      await writeItems(
        endpoint,
        tableName,
        batch.map((id, i) => storedItem(id, { name: `seed-${i}`, role: 'bench' })),
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}

/**
 * One BatchWriteItem of `items` (25 at most), retrying whatever DynamoDB hands back as unprocessed,
 * as the SDK would, a few times before giving up.
 */
export async function writeItems(endpoint: string, tableName: string, items: ReadonlyArray<ReturnType<typeof storedItem>>): Promise<void> {
  let requests = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; requests.length > 0; attempt += 1) {
    if (attempt === 5) throw new Error('BatchWriteItem kept leaving items unprocessed while seeding');
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: dynamoDbHeaders('BatchWriteItem'),
      body: JSON.stringify({ RequestItems: { [tableName]: requests } }),
    });
    const body = (await response.json()) as { UnprocessedItems?: Record<string, typeof requests>; message?: string };
    if (!response.ok) throw new Error(`BatchWriteItem answered ${response.status}: ${body.message ?? JSON.stringify(body)}`);
    requests = body.UnprocessedItems?.[tableName] ?? [];
  }
}
