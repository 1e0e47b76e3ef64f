import { MatchersV3 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import { createPicusClient, PicusProblemError } from '../../src/index.js';
import { existingItem, missingItemId, providerStates } from '../support/provider-states.js';
import { createPicusPact, itemLike, jsonContentType, problemContentType, problemLike, validationProblemLike } from './pact-fixtures.js';

const { string, uuid, eachLike, fromProviderState, equal, regex } = MatchersV3;

/**
 * Writes and deletes carry a bearer JWT (the spec's `bearerJwt`): the load balancer verifies it, the
 * handlers never look, so the pact asks only for its shape and the provider is verified with any value.
 */
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlLmNvbSJ9.c2lnbmF0dXJl';
const bearer = { Authorization: regex(/^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.source, `Bearer ${TOKEN}`) };

const pact = createPicusPact();

async function rejectionOf(promise: Promise<unknown>): Promise<PicusProblemError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PicusProblemError);
  return error as PicusProblemError;
}

describe('getHealth', () => {
  it('when the service is alive, then the client reads status ok', async () => {
    await pact
      .addInteraction()
      .uponReceiving('a health check')
      .withRequest('GET', '/picus/health')
      .willRespondWith(200, (response) =>
        response.headers(jsonContentType).jsonBody({ status: equal('ok'), message: string('Picus-API alive') }),
      )
      .executeTest(async (mock) => {
        expect(await createPicusClient({ baseUrl: mock.url }).getHealth()).toEqual({ status: 'ok', message: 'Picus-API alive' });
      });
  });
});

describe('createItem', () => {
  const newItem = { name: 'Ada Lovelace', role: 'engineer', team: 'analytics' };

  it('when the item has a name and a role, then the client gets the new id', async () => {
    await pact
      .addInteraction()
      .uponReceiving('a request to store an item')
      .withRequest('POST', '/picus/put', (request) => request.headers({ 'Content-Type': 'application/json', ...bearer }).jsonBody(newItem))
      .willRespondWith(201, (response) => response.headers(jsonContentType).jsonBody({ id: uuid(existingItem.id) }))
      .executeTest(async (mock) => {
        expect(await createPicusClient({ baseUrl: mock.url, token: TOKEN }).createItem(newItem)).toEqual({ id: existingItem.id });
      });
  });

  it('when the item has no role, then the client throws a 422 problem with field errors', async () => {
    const withoutRole = { name: 'Ada Lovelace' };
    await pact
      .addInteraction()
      .uponReceiving('a request to store an item without a role')
      .withRequest('POST', '/picus/put', (request) => request.headers({ 'Content-Type': 'application/json' }).jsonBody(withoutRole))
      .willRespondWith(422, (response) => response.headers(problemContentType).jsonBody(validationProblemLike('body')))
      .executeTest(async (mock) => {
        const client = createPicusClient({ baseUrl: mock.url });
        // The types forbid this call; JavaScript callers can still make it, and the API must say why it fails.
        const error = await rejectionOf(client.createItem(withoutRole as unknown as Parameters<typeof client.createItem>[0]));
        expect(error.status).toBe(422);
        expect(error.problem.errors?.[0]?.location).toBe('body');
      });
  });
});

// No interaction with a malformed id: the spec-check tool matches path parameters against their
// schema, so `/picus/get/not-a-uuid` counts as a path the spec lacks. The client test covers it.
describe('getItem', () => {
  it('when the item exists, then the client reads its id, payload and timestamp', async () => {
    await pact
      .addInteraction()
      .given(providerStates.itemExists, { ...existingItem })
      .uponReceiving('a request for an existing item')
      .withRequest('GET', `/picus/get/${existingItem.id}`)
      .willRespondWith(200, (response) => response.headers(jsonContentType).jsonBody(itemLike(existingItem)))
      .executeTest(async (mock) => {
        const item = await createPicusClient({ baseUrl: mock.url }).getItem(existingItem.id);
        expect(item.id).toBe(existingItem.id);
        expect(item.payload).toMatchObject({ name: 'Ada Lovelace', role: 'engineer' });
        expect(Number.isNaN(Date.parse(item.created_at))).toBe(false);
      });
  });

  it('when no item has the id, then the client throws a 404 problem saying "Item not found"', async () => {
    await pact
      .addInteraction()
      .given(providerStates.noItemExists, { id: missingItemId })
      .uponReceiving('a request for a missing item')
      .withRequest('GET', `/picus/get/${missingItemId}`)
      .willRespondWith(404, (response) =>
        response.headers(problemContentType).jsonBody(problemLike(404, 'Item not found', { exactDetail: true })),
      )
      .executeTest(async (mock) => {
        const error = await rejectionOf(createPicusClient({ baseUrl: mock.url }).getItem(missingItemId));
        expect(error.status).toBe(404);
        expect(error.problem.detail).toBe('Item not found');
      });
  });
});

describe('listItems', () => {
  const listState = { count: 3, pageSize: 2 };

  it('when more items exist than fit a page, then the client reads a page and the next cursor', async () => {
    await pact
      .addInteraction()
      .given(providerStates.itemsExist, listState)
      .uponReceiving('a request for the first page of items')
      .withRequest('GET', '/picus/list', (request) => request.query({ limit: '2' }))
      .willRespondWith(200, (response) =>
        response
          .headers(jsonContentType)
          .jsonBody({ items: eachLike(itemLike(existingItem), 2), next_cursor: string('eyJpZCI6IjNmMWMyYThlIn0.q3Yb2s0kJ9c') }),
      )
      .executeTest(async (mock) => {
        const page = await createPicusClient({ baseUrl: mock.url }).listItems({ limit: 2 });
        expect(page.items).toHaveLength(2);
        expect(page.next_cursor).toEqual(expect.any(String));
      });
  });

  it('when the cursor of the first page is passed back, then the client reads the rest', async () => {
    await pact
      .addInteraction()
      .given(providerStates.itemsExist, listState)
      .uponReceiving('a request for the page after the first')
      .withRequest('GET', '/picus/list', (request) =>
        // The provider signs its cursors, so the state handler supplies a real one at verification.
        request.query({ limit: '2', cursor: fromProviderState('${firstPageCursor}', 'eyJpZCI6IjNmMWMyYThlIn0.q3Yb2s0kJ9c') }),
      )
      .willRespondWith(200, (response) => response.headers(jsonContentType).jsonBody({ items: eachLike(itemLike(existingItem)) }))
      .executeTest(async (mock) => {
        const page = await createPicusClient({ baseUrl: mock.url }).listItems({ limit: 2, cursor: 'eyJpZCI6IjNmMWMyYThlIn0.q3Yb2s0kJ9c' });
        expect(page.items.length).toBeGreaterThan(0);
        expect(page.next_cursor).toBeUndefined();
      });
  });

  it('when listing all items, then the client follows pages until no cursor remains', async () => {
    await pact
      .addInteraction()
      .given(providerStates.itemsExist, { count: 1, pageSize: 100 })
      .uponReceiving('a request for every item, which fit one page')
      .withRequest('GET', '/picus/list')
      .willRespondWith(200, (response) => response.headers(jsonContentType).jsonBody({ items: eachLike(itemLike(existingItem)) }))
      .executeTest(async (mock) => {
        const ids: string[] = [];
        for await (const item of createPicusClient({ baseUrl: mock.url }).listAllItems()) ids.push(item.id);
        expect(ids).toEqual([existingItem.id]);
      });
  });

  it('when the limit is out of range, then the client throws a 422 problem', async () => {
    await pact
      .addInteraction()
      .uponReceiving('a request for a page of zero items')
      .withRequest('GET', '/picus/list', (request) => request.query({ limit: '0' }))
      .willRespondWith(422, (response) => response.headers(problemContentType).jsonBody(validationProblemLike('query')))
      .executeTest(async (mock) => {
        expect((await rejectionOf(createPicusClient({ baseUrl: mock.url }).listItems({ limit: 0 }))).status).toBe(422);
      });
  });
});

describe('deleteItem', () => {
  it('when the item exists, then the client reads the deleted id', async () => {
    await pact
      .addInteraction()
      .given(providerStates.itemExists, { ...existingItem })
      .uponReceiving('a request to delete an existing item')
      .withRequest('DELETE', `/picus/${existingItem.id}`, (request) => request.headers(bearer))
      .willRespondWith(200, (response) => response.headers(jsonContentType).jsonBody({ deleted: existingItem.id }))
      .executeTest(async (mock) => {
        expect(await createPicusClient({ baseUrl: mock.url, token: TOKEN }).deleteItem(existingItem.id)).toEqual({
          deleted: existingItem.id,
        });
      });
  });

  it('when no item has the id, then the client throws a 404 problem', async () => {
    await pact
      .addInteraction()
      .given(providerStates.noItemExists, { id: missingItemId })
      .uponReceiving('a request to delete a missing item')
      .withRequest('DELETE', `/picus/${missingItemId}`)
      .willRespondWith(404, (response) =>
        response.headers(problemContentType).jsonBody(problemLike(404, 'Item not found', { exactDetail: true })),
      )
      .executeTest(async (mock) => {
        const error = await rejectionOf(createPicusClient({ baseUrl: mock.url }).deleteItem(missingItemId));
        expect(error.status).toBe(404);
        expect(error.problem.detail).toBe('Item not found');
      });
  });
});
