import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The Docker suites: the Compose stack through its published ports, the images, Testcontainers.
 * A run of their own (`make test-compose`, part of `make test`), one file at a time: they build
 * images and start containers, which would skew the timing-sensitive fault tests beside them.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/compose/**/*.test.ts'],
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      LOG_LEVEL: 'silent',
      // Ryuk, Testcontainers' reaper, stays on: it removes a run's containers when the run dies.
      // Where its image is neither here nor pullable, build-images.ts turns it off and says so (CI
      // sets TESTCONTAINERS_RYUK_DISABLED=true in .ci/run); each test stops its containers in
      // afterAll all the same.
    },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
    // CI (.ci/run) reads the JSON to name and count these suites and to fail on a skip.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/docker-suites.json' },
    globalSetup: ['test/global-setup.ts', 'test/compose/build-images.ts'],
  },
});
