import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startEmbeddedStack, type EmbeddedStack } from '@picus/local';
import { describeRouterJourneys } from './router-journey-suite.js';

let stack: EmbeddedStack;
const dataDir = mkdtempSync(join(tmpdir(), 'picus-journey-data-'));

beforeAll(async () => {
  stack = await startEmbeddedStack({ dataDir });
});
afterAll(async () => {
  await stack?.stop();
});

describeRouterJourneys('embedded stack', {
  routerUrl: () => stack.routerUrl,
  restart: async () => {
    await stack.stop();
    stack = await startEmbeddedStack({ dataDir });
  },
});
