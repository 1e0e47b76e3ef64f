import { GetCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbClient } from '@picus/core';
import { topology } from '@picus/infra';
import { createItemValidator } from './item-validator.js';

export interface TablePage {
  readonly items: Array<Record<string, unknown>>;
  readonly nextCursor?: string;
}

/** An answer the router gave the console, passed on to the page as it is. */
export interface RouterAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** The table browser was asked to do what it must not (e.g. reach AWS) or cannot (no endpoint yet). */
export class TableBrowserError extends Error {
  override readonly name = 'TableBrowserError';
  constructor(
    message: string,
    readonly status: number,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/**
 * The console's table browser. Reads page through the local DynamoDB directly (a scan, as the items
 * sit in the table); writes go through the router, as a client's would, so they are validated,
 * traced and listed like any other request. It never talks to AWS: it needs an explicit endpoint
 * and refuses one on an AWS domain, and its credentials are the local stack's dummy ones.
 */
export class TableBrowser {
  private client: { endpoint: string; client: DynamoDBDocumentClient } | undefined;
  private readonly validate = createItemValidator();

  constructor(
    private readonly where: { dynamodbEndpoint: () => string | undefined; routerUrl: () => string | undefined; tableName: string },
  ) {}

  async page(limit: number, cursor?: string): Promise<TablePage> {
    const startKey = cursor ? decodeCursor(cursor) : undefined;
    const page = await this.dynamodb().send(
      new ScanCommand({ TableName: this.where.tableName, Limit: limit, ExclusiveStartKey: startKey }),
    );
    const last = page.LastEvaluatedKey as Record<string, unknown> | undefined;
    return {
      items: (page.Items ?? []) as Array<Record<string, unknown>>,
      ...(last ? { nextCursor: Buffer.from(JSON.stringify(last)).toString('base64url') } : {}),
    };
  }

  async get(id: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.dynamodb().send(
      new GetCommand({ TableName: this.where.tableName, Key: { [topology.table.partitionKey.name]: id } }),
    );
    return Item as Record<string, unknown> | undefined;
  }

  /** Checks the item against openapi.yaml, then creates it through the router (`POST /picus/put`). */
  async create(item: unknown): Promise<RouterAnswer> {
    const result = this.validate(item);
    if (!result.valid) throw new TableBrowserError('The item does not match openapi.yaml; nothing was sent.', 422, result.errors);
    return this.throughRouter('POST', '/picus/put', JSON.stringify(item));
  }

  /** Deletes through the router (`DELETE /picus/{id}`, the Lambda). */
  delete(id: string): Promise<RouterAnswer> {
    return this.throughRouter('DELETE', `/picus/${encodeURIComponent(id)}`);
  }

  close(): void {
    this.client?.client.destroy();
  }

  private async throughRouter(method: string, path: string, body?: string): Promise<RouterAnswer> {
    const routerUrl = this.where.routerUrl();
    if (!routerUrl) throw new TableBrowserError('The router is not known yet.', 503);
    const response = await fetch(`${routerUrl}${path}`, {
      method,
      headers: { 'user-agent': 'picus-console', ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body } : {}),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (an ALB error page): passed on as text.
    }
    return { status: response.status, body: parsed };
  }

  private dynamodb(): DynamoDBDocumentClient {
    const endpoint = this.where.dynamodbEndpoint();
    if (!endpoint) throw new TableBrowserError('The local DynamoDB is not known yet.', 503);
    if (/(^|\.)amazonaws\.com(\.cn)?$|(^|\.)aws$/i.test(new URL(endpoint).hostname)) {
      throw new TableBrowserError('The console only browses a local DynamoDB, never an AWS account.', 403);
    }
    if (this.client?.endpoint !== endpoint) {
      this.client?.client.destroy();
      this.client = {
        endpoint,
        client: createDynamoDbClient({
          AWS_REGION: 'us-east-1',
          DYNAMODB_ENDPOINT: endpoint,
          DYNAMODB_ATTEMPT_TIMEOUT_MS: 2_000,
          DYNAMODB_MAX_ATTEMPTS: 1,
        }),
      };
    }
    return this.client.client;
  }
}

function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
  } catch {
    // Falls through to the error below.
  }
  throw new TableBrowserError('The cursor is not one this console gave out.', 400);
}
