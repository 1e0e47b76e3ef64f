import type { Router } from 'express';
import { ProblemError, type ItemStore, type NewItem, type components, type operations } from '@picus/core';
import { streamAllItems } from './list-stream.js';

type Created = components['schemas']['Created'];
type ItemPage = components['schemas']['ItemPage'];
type ListQuery = NonNullable<operations['listItems']['parameters']['query']>;

/** `GET /picus/list` without `limit` answers every item up to this many (documented in openapi.yaml). */
export const LIST_ALL_CAP = 10_000;

/**
 * POST /picus/put, GET /picus/get/{id}, GET /picus/list. The validator has already checked every
 * input against openapi.yaml, so these only call the store and shape the answer.
 */
export function itemRoutes(router: Router, deps: { store: ItemStore }): void {
  const { store } = deps;

  router.post('/picus/put', async (req, res) => {
    const item = await store.put(req.body as NewItem);
    req.log.info({ itemId: item.id }, 'item created');
    const body: Created = { id: item.id };
    res.status(201).location(`/picus/get/${item.id}`).json(body);
  });

  router.get('/picus/get/:id', async (req, res) => {
    const id = req.params.id as string;
    const item = await store.get(id);
    if (!item) throw new ProblemError('notFound', 'Item not found');
    res.json(item);
  });

  router.get('/picus/list', async (req, res) => {
    // Coerced by the validator (limit: 1..1000).
    const { limit, cursor } = req.query as unknown as ListQuery;
    const from = cursor === undefined ? {} : { cursor };
    if (limit === undefined) {
      await streamAllItems(req, res, store.listAll({ cap: LIST_ALL_CAP, ...from }));
      return;
    }
    const page = await store.list({ limit, ...from });
    const body: ItemPage = page.nextCursor ? { items: page.items, next_cursor: page.nextCursor } : { items: page.items };
    res.json(body);
  });
}
