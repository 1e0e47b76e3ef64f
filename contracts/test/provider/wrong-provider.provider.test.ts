import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestListener } from 'node:http';
import type { ItemStore } from '@picus/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createItemSeeder, type ItemSeeder } from '../support/item-seeder.js';
import { startInProcessPicus, type InProcessPicus } from '../support/in-process-picus.js';
import { localPactFile, verifyPicusPacts } from './verify-picus-pacts.js';

/**
 * The verifier prints its own report to stdout, so a green run of this file shows one DELETE
 * interaction "FAILED": that failure is the one the 204 test asserts.
 *
 * Proves verification has teeth: the same pact that passes against the real handlers must fail
 * against a provider that breaks the contract in one way only. Both run in-process (no router)
 * because the point is the verifier, not the hosting.
 */
const deleteAnswering204 =
  (store: ItemStore, real: RequestListener): RequestListener =>
  (req, res) => {
    const id = req.url?.split('/').pop() ?? '';
    store
      .get(id)
      .then(async (item) => {
        if (!item) return real(req, res);
        await store.delete(id);
        // Plausible, even common, for a DELETE; but the spec (and so the client) says 200 with `{deleted}`.
        res.writeHead(204).end();
      })
      .catch(() => res.writeHead(500).end());
  };

interface VerificationReport {
  errors: Array<{ interaction: string; mismatch: { mismatches: Array<{ type: string; expected?: unknown; actual?: unknown }> } }>;
}

/** A pact holding only the interactions whose description matches, so a failure has one cause. */
function pactWithOnly(description: string, dir: string): string {
  const pact = JSON.parse(readFileSync(localPactFile, 'utf8')) as { interactions: Array<{ description: string }> };
  pact.interactions = pact.interactions.filter((interaction) => interaction.description === description);
  expect(pact.interactions).toHaveLength(1);
  const path = join(dir, 'only.json');
  writeFileSync(path, JSON.stringify(pact));
  return path;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'picus-pact-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('provider verification against a provider that answers DELETE with 204', () => {
  let picus: InProcessPicus | undefined;
  let seeder: ItemSeeder | undefined;
  afterEach(async () => {
    seeder?.close();
    await picus?.stop();
  });

  async function start(options: Parameters<typeof startInProcessPicus>[0] = {}) {
    picus = await startInProcessPicus(options);
    seeder = createItemSeeder({
      endpoint: picus.db.dynamodb.endpoint,
      tableName: picus.db.tableName,
      cursorSecret: picus.config.CURSOR_SECRET,
    });
    return { providerBaseUrl: picus.baseUrl, seeder };
  }

  it('when the real handlers answer, then the delete interaction verifies (the control)', async () => {
    const pactUrls = [pactWithOnly('a request to delete an existing item', dir)];
    await expect(verifyPicusPacts({ ...(await start()), pactUrls })).resolves.toBeDefined();
  });

  it('when DELETE answers 204 instead of 200, then verification fails', async () => {
    const pactUrls = [pactWithOnly('a request to delete an existing item', dir)];
    const failure = await verifyPicusPacts({ ...(await start({ deleteHandler: deleteAnswering204 })), pactUrls }).then(
      () => undefined,
      (error: unknown) => error,
    );
    // pact-core rejects with the verifier's JSON report as the message (not "unable to run" or a crash).
    expect(failure).toBeInstanceOf(Error);
    const report = JSON.parse((failure as Error).message) as VerificationReport;
    const mismatches = report.errors.flatMap((error) => error.mismatch.mismatches);
    expect(mismatches).toContainEqual(expect.objectContaining({ type: 'StatusMismatch', expected: 200, actual: 204 }));
  });

  it('when DELETE answers 204, then every other interaction still verifies', async () => {
    const pact = JSON.parse(readFileSync(localPactFile, 'utf8')) as { interactions: Array<{ description: string }> };
    pact.interactions = pact.interactions.filter((interaction) => interaction.description !== 'a request to delete an existing item');
    const path = join(dir, 'all-but-delete.json');
    writeFileSync(path, JSON.stringify(pact));
    await expect(verifyPicusPacts({ ...(await start({ deleteHandler: deleteAnswering204 })), pactUrls: [path] })).resolves.toBeDefined();
  });
});
