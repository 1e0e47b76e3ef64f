import { defineConfig } from 'vitest/config';

const shared = {
  env: {
    // The SDK warns on a Node it no longer supports (bundled tools may run on one); keep test output clean.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    LOG_LEVEL: 'silent',
  },
  testTimeout: 20_000,
  hookTimeout: 30_000,
  pool: 'forks' as const,
};

/**
 * Two projects, which `make unit` and `make e2e` run one at a time:
 * - unit: each workspace's component tests, in-process on port 0 against the embedded DynamoDB,
 *   and the docs' link check (test/docs), which starts nothing;
 * - e2e: the black-box tests in test/, which start the bundled processes (built first).
 * The Docker suites (test/compose) run on their own: `make test-compose`, test/compose/vitest.config.ts.
 * Pact consumer and provider tests run apart, consumer first (`make contract`).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['{core,api,delete-fn,infra,infra/local,testkit}/test/**/*.test.ts', 'test/docs/**/*.test.ts'],
        },
      },
      {
        test: {
          ...shared,
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: ['test/compose/**', 'test/docs/**'],
          globalSetup: ['test/global-setup.ts'],
        },
      },
    ],
  },
});
