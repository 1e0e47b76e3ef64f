import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // Pact consumer and provider tests must run as separate invocations, consumer first (`make contract`).
    exclude: ['**/node_modules/**', '**/dist/**', 'contracts/**', '**/cdk.out/**'],
    env: {
      // The SDK warns on Node 20 (past end of life, still what these machines run); keep test output clean.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      LOG_LEVEL: 'silent',
    },
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
  },
});
