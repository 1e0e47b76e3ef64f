import { startEmbeddedStack, type EmbeddedStack } from '@picus/local';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createItemSeeder, type ItemSeeder } from '../support/item-seeder.js';
import { existingItem } from '../support/provider-states.js';
import { takeBrokerVerificationOptions } from './broker-options.js';
import { verifyPicusPacts } from './verify-picus-pacts.js';

/**
 * The provider side of the contract, as deployed: a fresh embedded stack on free ports (its own
 * DynamoDB, api process, Lambda host and ALB emulator), verified through the router, so GET and
 * POST are answered by the api and DELETE by the Lambda, exactly as on AWS.
 */
let stack: EmbeddedStack | undefined;
let seeder: ItemSeeder | undefined;
// Handlers sign list cursors with this; the state handlers must make cursors the stack accepts.
const cursorSecret = randomBytes(24).toString('hex');
// Read before the stack starts, and the token taken out of the environment its processes inherit.
const broker = takeBrokerVerificationOptions();

beforeAll(async () => {
  stack = await startEmbeddedStack({ handlerEnv: { CURSOR_SECRET: cursorSecret } });
  seeder = createItemSeeder({ endpoint: stack.dynamodbEndpoint, tableName: stack.tableName, cursorSecret });
}, 90_000);

afterAll(async () => {
  seeder?.close();
  await stack?.stop();
});

describe('picus-api verified against the embedded stack through the router', () => {
  it('when DELETE goes through the router, then the Lambda answers it (so verification covers the Lambda)', async () => {
    const response = await fetch(`${stack?.routerUrl}/picus/${existingItem.id}`, { method: 'DELETE' });
    expect(response.headers.get('x-served-by')).toBe('delete-fn');
    expect((await fetch(`${stack?.routerUrl}/picus/health`)).headers.get('x-served-by')).toBe('api');
  });

  it('when every pact interaction is replayed, then the provider honours them all', async () => {
    if (!stack || !seeder) throw new Error('the stack did not start');
    await expect(verifyPicusPacts({ providerBaseUrl: stack.routerUrl, seeder, ...(broker ? { broker } : {}) })).resolves.toBeDefined();
  });
});
