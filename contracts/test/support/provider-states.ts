/**
 * The provider states the consumer's pacts name, and the data they stand for. The consumer tests
 * and the provider's state handlers both import these, so a state renamed on one side cannot
 * silently stop matching the other. Names follow "an item with id X exists": the name says what
 * holds, the parameters say for which values.
 */
export const providerStates = {
  /** Params: `{ id, payload }`. */
  itemExists: 'an item with id X exists',
  /** Params: `{ id }`. */
  noItemExists: 'no item with id X exists',
  /**
   * Params: `{ count, pageSize }`. The handler also returns `firstPageCursor`, the cursor that
   * follows the first `pageSize` items, for interactions that read the next page.
   */
  itemsExist: 'N items exist',
} as const;

export const consumerName = 'picus-client';
export const providerName = 'picus-api';

/** An item the consumer expects to find (parameters of `itemExists`). */
export const existingItem = {
  id: '3f1c2a8e-5b7d-4c1e-9a2b-6d8e0f4a7c91',
  payload: { name: 'Ada Lovelace', role: 'engineer', team: 'analytics' },
  created_at: '2026-11-25T09:30:00.000Z',
} as const;

/** An id no item has (parameters of `noItemExists`). */
export const missingItemId = '0b6f9f4e-2c3d-4e5f-8a9b-1c2d3e4f5a6b';
