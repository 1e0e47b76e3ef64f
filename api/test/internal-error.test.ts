import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbClient } from '@picus/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiUnderTest, type ApiUnderTest } from './api-under-test.js';

let api: ApiUnderTest;
beforeAll(async () => {
  api = await startApiUnderTest();
});
afterAll(async () => {
  await api?.stop();
});

describe('when a stored item breaks the contract (written by another writer, without role)', () => {
  it('then GET answers 500 with the generic body, and the cause is logged, not returned', async () => {
    const id = '11111111-1111-4111-8111-111111111111';
    await createDynamoDbClient(api.config).send(
      new PutCommand({
        TableName: api.db.tableName,
        Item: { id, payload: JSON.stringify({ name: 'no role' }), created_at: new Date().toISOString() },
      }),
    );

    const response = await fetch(`${api.baseUrl}/picus/get/${id}`, { headers: { 'x-request-id': 'broken-item' } });

    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await response.json();
    expect(body).toEqual({
      type: '/problems/internal-error',
      title: 'Internal server error',
      status: 500,
      detail: 'An unexpected error occurred.',
      instance: `/picus/get/${id}`,
      request_id: 'broken-item',
    });
    const logged = api.logs.lines().find((line) => line.requestId === 'broken-item' && line.msg === 'request failed');
    expect(logged).toMatchObject({ level: 'error', status: 500 });
    expect(JSON.stringify(logged)).toContain('role');
  });
});
