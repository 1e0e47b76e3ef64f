import type { Router } from 'express';
import {
  ITEM_HEAP_PER_WIRE_BYTE,
  ProblemError,
  overloaded,
  reserveForResponse,
  whenClosed,
  type ItemStore,
  type NewItem,
  type components,
  type operations,
} from '@picus/core';
import type { ApiLimits } from '../limits.js';
import { streamAllItems } from './list-stream.js';

type Created = components['schemas']['Created'];
type ItemPage = components['schemas']['ItemPage'];
type ListQuery = NonNullable<operations['listItems']['parameters']['query']>;

/** `GET /picus/list` without `limit` answers every item up to this many (documented in openapi.yaml). */
export const LIST_ALL_CAP = 10_000;
/** The most DynamoDB sends for one Scan page, whatever its Limit. */
const SCAN_PAGE_MAX_BYTES = 1024 * 1024;

/**
 * POST /picus/put, GET /picus/get/{id}, GET /picus/list. The validator has already checked every
 * input against openapi.yaml, so these only call the store and shape the answer.
 *
 * Reads are admitted against the memory budget before the store is called (bodies are, before
 * they are read: see admitBodies): a get is charged for one item at the size items have been
 * lately, a list for one DynamoDB page. Past the budget they are answered 503 with Retry-After.
 */
export function itemRoutes(router: Router, deps: { store: ItemStore; limits: ApiLimits }): void {
  const { store, limits } = deps;
  const { budget, writeDeadlineMs } = limits;

  router.post('/picus/put', async (req, res) => {
    const item = await store.put(req.body as NewItem);
    req.log.info({ itemId: item.id }, 'item created');
    const body: Created = { id: item.id };
    res.status(201).location(`/picus/get/${item.id}`).json(body);
  });

  router.get('/picus/get/:id', async (req, res) => {
    const id = req.params.id as string;
    reserveForResponse(budget, res, store.itemSizeEstimate() * ITEM_HEAP_PER_WIRE_BYTE, writeDeadlineMs);
    const item = await store.get(id);
    if (!item) throw new ProblemError('notFound', 'Item not found');
    res.json(item);
  });

  router.get('/picus/list', async (req, res) => {
    // Coerced by the validator (limit: 1..1000).
    const { limit, cursor } = req.query as unknown as ListQuery;
    const from = cursor === undefined ? {} : { cursor };
    if (limit === undefined) {
      // A turn among the list-all streams first (waiting holds no page), then the page's memory.
      const turn = limits.listAllGate.enter((onGone) => whenClosed(res, onGone));
      if (!turn) throw overloaded();
      const endTurn = await turn;
      if (!endTurn) return;
      whenClosed(res, endTurn);
      if (res.closed) return;
      try {
        reserveForResponse(budget, res, SCAN_PAGE_MAX_BYTES * ITEM_HEAP_PER_WIRE_BYTE, writeDeadlineMs);
      } catch (error) {
        endTurn();
        throw error;
      }
      const pages = store.listAll({ cap: LIST_ALL_CAP, ...from });
      await streamAllItems(req, res, pages, { maxBytes: limits.listAllMaxBytes, writeDeadlineMs, cursorAfter: store.cursorAfter });
      return;
    }
    reserveForResponse(
      budget,
      res,
      Math.min(limit * store.itemSizeEstimate(), SCAN_PAGE_MAX_BYTES) * ITEM_HEAP_PER_WIRE_BYTE,
      writeDeadlineMs,
    );
    const page = await store.list({ limit, ...from });
    const body: ItemPage = page.nextCursor ? { items: page.items, next_cursor: page.nextCursor } : { items: page.items };
    res.json(body);
  });
}
