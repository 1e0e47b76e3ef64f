import type { components, paths } from '@picus/core';
import createClient from 'openapi-fetch';
import { PicusProblemError } from './picus-problem-error.js';

export type Health = components['schemas']['Health'];
export type NewItem = components['schemas']['NewItem'];
export type Created = components['schemas']['Created'];
export type Item = components['schemas']['Item'];
export type ItemPage = components['schemas']['ItemPage'];
export type Deleted = components['schemas']['Deleted'];

export interface PicusClientOptions {
  /** Where the API answers, e.g. `http://localhost:8080` (the router) or a Pact mock server. */
  readonly baseUrl: string;
  /** A fetch to use instead of the global one (e.g. to add tracing or a proxy). */
  readonly fetch?: (request: Request) => Promise<Response>;
  /** Headers sent with every request, e.g. `x-request-id`. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * A bearer JWT for the writes and deletes, which the load balancer verifies where the stage has auth on
   * (`AUTH=jwt make up` locally; `make token` prints one). A function is asked before each request, so a
   * caller can refresh the token. Sent as `Authorization: Bearer <token>`; reads need none.
   */
  readonly token?: string | (() => string | Promise<string>);
}

export interface ListItemsQuery {
  /** The most items in the page (1 to 1000; the server defaults to 100). */
  readonly limit?: number;
  /** The `next_cursor` of the previous page. */
  readonly cursor?: string;
}

/**
 * A typed client for the Picus items API, one method per operation in openapi.yaml. Every
 * non-2xx answer is thrown as a {@link PicusProblemError}; network failures propagate as thrown
 * by fetch.
 */
export interface PicusClient {
  /** GET /picus/health */
  getHealth(): Promise<Health>;
  /** POST /picus/put: stores `item` as a new item's payload; resolves to its id. */
  createItem(item: NewItem): Promise<Created>;
  /** GET /picus/get/{id}; a missing item throws with status 404. */
  getItem(id: string): Promise<Item>;
  /** GET /picus/list: without `limit`, every item up to 10,000; with it, one page. Pass `next_cursor` back as `cursor` for the rest. */
  listItems(query?: ListItemsQuery): Promise<ItemPage>;
  /** Every item, following `next_cursor` until none remains (without `pageSize`, 10,000 items an answer). */
  listAllItems(options?: { pageSize?: number }): AsyncGenerator<Item, void, undefined>;
  /** DELETE /picus/{id} (served by the Lambda); a missing item throws with status 404. */
  deleteItem(id: string): Promise<Deleted>;
}

/** Creates a {@link PicusClient} over openapi-fetch and the types generated from openapi.yaml. */
export function createPicusClient(options: PicusClientOptions): PicusClient {
  const http = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: { ...options.headers } } : {}),
  });
  const { token } = options;
  if (token !== undefined) {
    http.use({
      async onRequest({ request }) {
        request.headers.set('authorization', `Bearer ${typeof token === 'string' ? token : await token()}`);
        return request;
      },
    });
  }

  const listItems = async (query: ListItemsQuery = {}): Promise<ItemPage> =>
    unwrap(await http.GET('/picus/list', { params: { query: { ...query } } }));

  return {
    getHealth: async () => unwrap(await http.GET('/picus/health')),
    createItem: async (item) => unwrap(await http.POST('/picus/put', { body: item })),
    getItem: async (id) => unwrap(await http.GET('/picus/get/{id}', { params: { path: { id } } })),
    listItems,
    async *listAllItems({ pageSize } = {}) {
      let cursor: string | undefined;
      do {
        // openapi-fetch leaves undefined query values out of the URL.
        const page = await listItems({ limit: pageSize, cursor });
        yield* page.items;
        cursor = page.next_cursor;
      } while (cursor !== undefined);
    },
    deleteItem: async (id) => unwrap(await http.DELETE('/picus/{id}', { params: { path: { id } } })),
  };
}

/**
 * openapi-fetch answers `{ data }` or `{ error }`; callers of this client get the data or a
 * thrown PicusProblemError. A 2xx without a body (never documented) is treated as an error too,
 * so a provider that answers 204 where the spec says 200 surfaces instead of yielding undefined.
 */
function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  const { data, error, response } = result;
  if (response.ok && data !== undefined) return data;
  throw PicusProblemError.fromResponse(response, response.ok ? `The ${response.status} answer had no body.` : error);
}
