/**
 * The floor for the DELETE Lambda's cold init: a handler that only sends the same DeleteItem with
 * the AWS SDK (the same client package, endpoint, credentials and condition as the item store) and
 * answers a minimal ALB result. No config schema, no logger, no validation, no problem mapping.
 * Bundled as the function is (scripts/bundle.mjs --all) by bench/lambda-cold-init-ratio.ts.
 */
import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ALBEvent, ALBResult } from 'aws-lambda';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const client = new DynamoDBClient({
  region: process.env.AWS_REGION ?? 'us-east-1',
  ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
});
const TableName = process.env.DYNAMODB_TABLE_NAME ?? 'picus';

export async function handler(event: ALBEvent): Promise<ALBResult> {
  const id = event.path.slice('/picus/'.length);
  try {
    await client.send(new DeleteItemCommand({ TableName, Key: { id: { S: id } }, ConditionExpression: 'attribute_exists(id)' }));
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deleted: id }) };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException)
      return { statusCode: 404, headers: { 'content-type': 'application/json' }, body: '{"detail":"Item not found"}' };
    throw error;
  }
}
