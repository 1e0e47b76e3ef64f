import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Provider verification: replays the pacts the consumer run wrote (contracts/pacts/) against a
 * freshly started embedded stack. Run after `test:consumer` and `check:spec`, never with them.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['test/provider/**/*.provider.test.ts'],
    // Each file starts its own stack; on two cores, one at a time keeps start-up and timings sane.
    fileParallelism: false,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      LOG_LEVEL: 'silent',
      PACT_DO_NOT_TRACK: 'true',
    },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
