import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The client's own tests and the Pact consumer tests. Runs before, and separately from, provider
 * verification: the Pact native core keeps process-wide state, and the provider reads the pact
 * files this run writes.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['test/*.test.ts', 'test/consumer/**/*.pact.test.ts'],
    globalSetup: ['test/consumer/clean-pacts.ts'],
    // One pact file gathers every interaction; files writing it in parallel would race.
    fileParallelism: false,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      LOG_LEVEL: 'silent',
      PACT_DO_NOT_TRACK: 'true',
    },
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
