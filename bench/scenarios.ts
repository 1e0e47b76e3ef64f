import type autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { dynamoDbHeaders, getItemBody, putItemBody } from './dynamodb-http.js';
import type { LoadTarget } from './load-runner.js';

type Request = autocannon.Request;

/** 50 connections per scenario, split between streams when one scenario needs two hosts. */
export const CONNECTIONS = 50;

/** Ids of pre-seeded items: `random()` for reads, `take()` hands each out once (deletes). */
export class IdPool {
  private next = 0;
  constructor(private readonly ids: readonly string[]) {}
  get remaining(): number {
    return this.ids.length - this.next;
  }
  /** The first `count` ids (distinct). */
  first(count: number): string[] {
    return this.ids.slice(0, count);
  }
  random(): string {
    return this.ids[Math.floor(Math.random() * this.ids.length)] ?? randomUUID();
  }
  /** An id nobody has deleted yet; past the end, an unknown id (a 404 shows in non-2xx). */
  take(): string {
    return this.ids[this.next++] ?? randomUUID();
  }
}

/** Counts requests by kind as they are built, to report the mix a run actually made. */
export class Tally {
  readonly counts: Record<string, number> = {};
  reset(): void {
    for (const kind of Object.keys(this.counts)) delete this.counts[kind];
  }
  add(kind: string): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }
  shares(): Record<string, number> {
    const total = Object.values(this.counts).reduce((sum, n) => sum + n, 0) || 1;
    const byCount = Object.entries(this.counts).sort(([, a], [, b]) => b - a);
    return Object.fromEntries(byCount.map(([kind, n]) => [kind, Math.round((n / total) * 1000) / 10]));
  }
}

const JSON_HEADERS = { 'content-type': 'application/json' };
let putCounter = 0;

export const health = (): Request => ({ method: 'GET', path: '/picus/health' });

/** Each body differs (`name` carries a counter), as real creates would. */
export const put = (tally?: Tally): Request => ({
  method: 'POST',
  path: '/picus/put',
  headers: JSON_HEADERS,
  setupRequest: (request) => {
    tally?.add('put');
    return { ...request, body: JSON.stringify({ name: `n${(putCounter += 1)}`, role: 'r' }) };
  },
});

export const get = (ids: IdPool, tally?: Tally): Request => ({
  method: 'GET',
  setupRequest: (request) => {
    tally?.add('get');
    return { ...request, path: `/picus/get/${ids.random()}` };
  },
});

export const list = (): Request => ({ method: 'GET', path: '/picus/list?limit=100' });

/** The seed's "list all records": no limit, every item up to the cap. */
export const listAll = (): Request => ({ method: 'GET', path: '/picus/list' });

export const remove = (ids: IdPool, tally?: Tally): Request => ({
  method: 'DELETE',
  setupRequest: (request) => {
    tally?.add('delete');
    return { ...request, path: `/picus/${ids.take()}` };
  },
});

/**
 * A mix of gets, puts and deletes drawn at random per request with these weights (70/20/10 through
 * the router). Random rather than a fixed cycle: a run that ends mid-cycle would under-count the
 * kinds at the end of the cycle.
 */
export function mix(reads: IdPool, deletes: IdPool, tally: Tally, weights: { get: number; put: number; delete: number }): Request {
  const total = weights.get + weights.put + weights.delete;
  const kinds = [get(reads, tally), put(tally), remove(deletes, tally)];
  const thresholds = [weights.get / total, (weights.get + weights.put) / total];
  return {
    setupRequest: (request, context) => {
      const draw = Math.random();
      const kind = kinds[draw < (thresholds[0] ?? 0) ? 0 : draw < (thresholds[1] ?? 0) ? 1 : 2];
      const chosen = {
        ...request,
        headers: { ...request.headers, ...kind?.headers },
        method: kind?.method,
        path: kind?.path ?? request.path,
      };
      return kind?.setupRequest && typeof kind.setupRequest === 'function' ? kind.setupRequest(chosen, context) : chosen;
    },
  };
}

export const dynamoDbPut = (tableName: string): Request => ({
  method: 'POST',
  path: '/',
  headers: dynamoDbHeaders('PutItem'),
  setupRequest: (request) => ({ ...request, body: putItemBody(tableName, randomUUID(), { name: `n${(putCounter += 1)}`, role: 'r' }) }),
});

export const dynamoDbGet = (tableName: string, ids: IdPool): Request => ({
  method: 'POST',
  path: '/',
  headers: dynamoDbHeaders('GetItem'),
  setupRequest: (request) => ({ ...request, body: getItemBody(tableName, ids.random()) }),
});

/** One stream of 50 connections against `url`. */
export function stream(
  url: string,
  requests: Request[],
  caps: { maxRequests: number; warmupMaxRequests?: number },
  connections = CONNECTIONS,
): LoadTarget {
  return { url, connections, requests, ...caps };
}

/** How many items `GET /picus/list` without limit answers right now (the row says so). */
export async function countListAll(url: string): Promise<number> {
  const page = (await (await fetch(`${url}/picus/list`)).json()) as { items: unknown[] };
  return page.items.length;
}
