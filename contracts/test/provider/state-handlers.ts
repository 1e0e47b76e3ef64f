// Not re-exported from the package root (and VerifierOptions intersects it with message-pact handlers).
import type { StateHandlers } from '@pact-foundation/pact/src/dsl/verifier/proxy/types.js';
import type { components } from '@picus/core';
import { providerStates } from '../support/provider-states.js';
import type { ItemSeeder } from '../support/item-seeder.js';

type Item = components['schemas']['Item'];

/**
 * The provider states the pacts name, set up by writing DynamoDB directly. Every setup first
 * empties the table, so interactions never see each other's items whatever order they run in.
 */
export function createStateHandlers(seeder: ItemSeeder): StateHandlers {
  return {
    // Interactions without a state still get a setup call, with an empty name; nothing to do.
    '': async () => undefined,
    [providerStates.itemExists]: {
      setup: async (params) => {
        const item = params as unknown as Item;
        await seeder.clear();
        await seeder.put(item);
        return undefined;
      },
    },
    [providerStates.noItemExists]: {
      setup: async () => {
        await seeder.clear();
        return undefined;
      },
    },
    [providerStates.itemsExist]: {
      setup: async (params) => {
        const { count, pageSize } = params as { count: number; pageSize: number };
        await seeder.clear();
        await seeder.putMany(count);
        // Injected into requests that read a later page (`fromProviderState('${firstPageCursor}')`).
        const firstPageCursor = await seeder.cursorAfter(pageSize);
        return firstPageCursor === undefined ? undefined : { firstPageCursor };
      },
    },
  };
}
