import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '@picus/testkit';
import { createPicusClient, PicusProblemError, type PicusClient } from '../src/index.js';
import { createItemSeeder, type ItemSeeder } from './support/item-seeder.js';
import { startInProcessPicus, type InProcessPicus } from './support/in-process-picus.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let picus: InProcessPicus;
let client: PicusClient;
let seeder: ItemSeeder;

beforeAll(async () => {
  picus = await startInProcessPicus();
  client = createPicusClient({ baseUrl: picus.baseUrl });
  seeder = createItemSeeder({
    endpoint: picus.db.dynamodb.endpoint,
    tableName: picus.db.tableName,
    cursorSecret: picus.config.CURSOR_SECRET,
  });
});
afterAll(async () => {
  seeder?.close();
  await picus?.stop();
});

async function problemOf(promise: Promise<unknown>): Promise<PicusProblemError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PicusProblemError);
  return error as PicusProblemError;
}

describe('createPicusClient against the real handlers', () => {
  it('when the health is asked, then it resolves to the body', async () => {
    expect(await client.getHealth()).toEqual({ status: 'ok', message: 'Picus-API alive' });
  });

  it('when an item is created, then getItem reads back its id, payload and timestamp', async () => {
    const payload = { name: 'Grace Hopper', role: 'admiral', ships: ['Harvard Mark I'] };
    const { id } = await client.createItem(payload);
    expect(id).toMatch(UUID);
    const item = await client.getItem(id);
    expect(item).toEqual({ id, payload, created_at: expect.any(String) });
    expect(new Date(item.created_at).toISOString()).toBe(item.created_at);
  });

  it('when an item is deleted, then deleteItem answers its id and getItem throws 404', async () => {
    const { id } = await client.createItem({ name: 'Temp', role: 'x' });
    expect(await client.deleteItem(id)).toEqual({ deleted: id });
    const error = await problemOf(client.getItem(id));
    expect(error.status).toBe(404);
    expect(error.problem).toMatchObject({ status: 404, type: '/problems/not-found', detail: 'Item not found' });
  });

  it('when deleting an id no item has, then it throws a 404 problem', async () => {
    const error = await problemOf(client.deleteItem('0b6f9f4e-2c3d-4e5f-8a9b-1c2d3e4f5a6b'));
    expect(error.status).toBe(404);
    expect(error.problem.detail).toBe('Item not found');
  });

  it('when the body misses a required field, then it throws 422 with the field errors', async () => {
    // The types forbid this call; a JavaScript caller or a cast can still make it.
    const error = await problemOf(client.createItem({ name: 'No role' } as unknown as Parameters<PicusClient['createItem']>[0]));
    expect(error.status).toBe(422);
    expect(error.problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ location: 'body' })]));
    expect(error.message).toContain('422');
  });

  it('when the id is not a uuid, then getItem throws 422', async () => {
    expect((await problemOf(client.getItem('not-a-uuid'))).status).toBe(422);
  });

  it('when items span several pages, then listAllItems yields each exactly once', async () => {
    await seeder.clear();
    const created = await seeder.putMany(5);
    const page = await client.listItems({ limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.next_cursor).toEqual(expect.any(String));

    const seen: string[] = [];
    for await (const item of client.listAllItems({ pageSize: 2 })) seen.push(item.id);
    expect(seen.sort()).toEqual(created.map((item) => item.id).sort());
  });

  it('when an item is seeded directly, then getItem reads it back as seeded', async () => {
    // Pins the provider-state seeder to the item store's stored form.
    const item = {
      id: '7d7b0c5e-1f2a-4b3c-9d4e-5f6a7b8c9d0e',
      payload: { name: 'Seeded', role: 'fixture', n: 1.5 },
      created_at: '2026-11-25T09:30:00.000Z',
    };
    await seeder.put(item);
    expect(await client.getItem(item.id)).toEqual(item);
  });

  it('when the seeder computes a cursor, then the provider accepts it', async () => {
    await seeder.clear();
    await seeder.putMany(3);
    const cursor = await seeder.cursorAfter(2);
    expect(cursor).toEqual(expect.any(String));
    const page = await client.listItems({ limit: 2, cursor });
    expect(page.items).toHaveLength(1);
  });

  it('when the answer is not a problem document, then the error carries an about:blank problem with the body text', async () => {
    // What a load balancer's own error page looks like: not from either handler, not problem+json.
    const gateway = await serve((_req, res) =>
      res.writeHead(502, 'Bad Gateway', { 'content-type': 'text/html' }).end('<html>502 Bad Gateway</html>'),
    );
    try {
      const error = await problemOf(createPicusClient({ baseUrl: gateway.baseUrl }).getHealth());
      expect(error.status).toBe(502);
      expect(error.problem).toEqual({ type: 'about:blank', title: 'Bad Gateway', status: 502, detail: '<html>502 Bad Gateway</html>' });
    } finally {
      await gateway.close();
    }
  });

  it('when a 2xx answer has no body, then it throws rather than resolving to undefined', async () => {
    const noContent = await serve((_req, res) => res.writeHead(204).end());
    try {
      const error = await problemOf(createPicusClient({ baseUrl: noContent.baseUrl }).deleteItem('0b6f9f4e-2c3d-4e5f-8a9b-1c2d3e4f5a6b'));
      expect(error.status).toBe(204);
    } finally {
      await noContent.close();
    }
  });

  it('when headers are configured, then every request carries them', async () => {
    const seen: string[] = [];
    const traced = createPicusClient({
      baseUrl: picus.baseUrl,
      headers: { 'x-request-id': 'client-test-1' },
      fetch: async (request) => {
        seen.push(request.headers.get('x-request-id') ?? '');
        return fetch(request);
      },
    });
    await traced.getHealth();
    expect(seen).toEqual(['client-test-1']);
  });

  it('when a token is given, then writes and deletes carry it as a bearer Authorization header, and a token function is asked each time', async () => {
    const seen: string[] = [];
    const record = async (request: Request) => {
      seen.push(`${request.method} ${request.headers.get('authorization') ?? '-'}`);
      return fetch(request);
    };
    const { id } = await createPicusClient({ baseUrl: picus.baseUrl, token: 'static.jwt.token', fetch: record }).createItem({
      name: 'Ada',
      role: 'engineer',
    });
    let calls = 0;
    await createPicusClient({ baseUrl: picus.baseUrl, token: () => `fresh-${++calls}`, fetch: record }).deleteItem(id);
    expect(seen).toEqual(['POST Bearer static.jwt.token', 'DELETE Bearer fresh-1']);
  });
});
