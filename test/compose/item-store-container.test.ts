import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnrepresentablePayloadError, createItemStoreFromConfig, loadConfig, type ItemStore } from '@picus/core';
import { ensureLocalTable } from '@picus/infra';
import { Wait } from 'testcontainers';
import { dockerEngineAnswers } from '../../infra/local/stack/compose.js';
import { imagePresent, LOCALSTACK_IMAGE } from '../../infra/local/stack/docker-images.js';
import { LoopbackContainer, LoopbackLocalstackContainer } from './loopback-containers.js';

// Testcontainers needs a Docker engine. LocalStack's module runs where its image is present;
// elsewhere the embedded DynamoDB image this repository builds (the compose global setup builds it).
const engine = dockerEngineAnswers();
const localstack = engine && imagePresent(LOCALSTACK_IMAGE);
const target = localstack ? `LocalStack (${LOCALSTACK_IMAGE})` : 'the repo-built DynamoDB image (picus-dynamodb)';
if (!engine)
  console.warn(
    'Testcontainers tests skipped: no Docker engine answers here (`docker info`). The embedded-stack journeys cover the same behaviour against the embedded DynamoDB.',
  );
else if (!localstack) console.warn(`Testcontainers: ${LOCALSTACK_IMAGE} is not present, so the item store runs against ${target}.`);

describe.skipIf(!engine)(`the item store against a real container: ${target} (Testcontainers)`, () => {
  let stopContainer: (() => Promise<unknown>) | undefined;
  let store: ItemStore;

  beforeAll(async () => {
    let endpoint: string;
    if (localstack) {
      const container = await new LoopbackLocalstackContainer(LOCALSTACK_IMAGE)
        .withEnvironment({ SERVICES: 'dynamodb' })
        .withStartupTimeout(120_000)
        .start();
      stopContainer = () => container.stop();
      endpoint = `http://127.0.0.1:${container.getPort()}`;
    } else {
      const container = await new LoopbackContainer('picus-dynamodb')
        .withExposedPorts(4566)
        .withWaitStrategy(Wait.forHealthCheck())
        .withStartupTimeout(60_000)
        .start();
      stopContainer = () => container.stop();
      endpoint = `http://127.0.0.1:${container.getMappedPort(4566)}`;
    }
    await ensureLocalTable(endpoint, { timeoutMs: 60_000 });
    store = createItemStoreFromConfig(loadConfig({ DYNAMODB_ENDPOINT: endpoint, DYNAMODB_TABLE_NAME: 'picus' }));
  }, 180_000);

  afterAll(async () => {
    await stopContainer?.();
  }, 60_000);

  it('when an item is put, read, listed and deleted, then the container behaves as the embedded DynamoDB does', async () => {
    // 1e125 is near the top of DynamoDB's number range; 1e300 is beyond it and refused by name.
    const item = await store.put({ name: 'Ada', role: 'engineer', deep: { n: 1e125, tiny: 1.5e-130 }, empty: '', nothing: null });
    await expect(store.put({ name: 'Ada', role: 'engineer', huge: 1e300 })).rejects.toBeInstanceOf(UnrepresentablePayloadError);
    expect(await store.get(item.id)).toEqual(item);
    const page = await store.list({ limit: 1000 });
    expect(page.items.map((listed) => listed.id)).toContain(item.id);
    expect(await store.delete(item.id)).toBe(true);
    expect(await store.delete(item.id)).toBe(false);
    expect(await store.get(item.id)).toBeUndefined();
  });

  it('when more items exist than a page holds, then following next_cursor lists each once', async () => {
    const created = new Set<string>();
    for (let i = 0; i < 7; i += 1) created.add((await store.put({ name: `n${i}`, role: 'paged' })).id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list({ limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.filter((id) => created.has(id)).sort()).toEqual([...created].sort());
    expect(new Set(seen).size).toBe(seen.length);
  });
});
