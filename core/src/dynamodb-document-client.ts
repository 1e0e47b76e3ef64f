import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbBaseClient, type ClientConfig } from './dynamodb-client.js';

/**
 * The document client (plain JS values in and out) over {@link createDynamoDbBaseClient}. A file of
 * its own: a bundle that only needs the base client (the DELETE Lambda) does not carry lib-dynamodb.
 */
export function createDynamoDbClient(config: ClientConfig): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createDynamoDbBaseClient(config));
}
