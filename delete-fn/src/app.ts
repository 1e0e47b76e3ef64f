import { createApp, ProblemError, type ItemStore, type Logger, type components } from '@picus/core';
import type { Express } from 'express';

type Deleted = components['schemas']['Deleted'];

export interface DeleteFnDeps {
  readonly store: ItemStore;
  readonly logger: Logger;
  readonly validateResponses: boolean;
  readonly maxBodyBytes: number;
}

/**
 * The Lambda's app: DELETE /picus/{id} on the same core, spec, validator options and error
 * mapping as the api service. Every response says `x-served-by: delete-fn`.
 */
export function createDeleteFnApp(deps: DeleteFnDeps): Express {
  return createApp({
    logger: deps.logger,
    validateResponses: deps.validateResponses,
    maxBodyBytes: deps.maxBodyBytes,
    responseHeaders: { 'x-served-by': 'delete-fn' },
    routes: (router) => {
      router.delete('/picus/:id', async (req, res) => {
        const id = req.params.id as string;
        if (!(await deps.store.delete(id))) throw new ProblemError('notFound', 'Item not found');
        req.log.info({ itemId: id }, 'item deleted');
        const body: Deleted = { deleted: id };
        res.json(body);
      });
    },
  });
}
