import { startEmbeddedStack } from '@picus/local';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { seedItems, storedItem, writeItems } from './dynamodb-http.js';
import { LARGE_GET, LIST_ALL_AT, okRate } from './limits-rows.js';
import type { RowDeps } from './scenario-rows.js';
import type { ScenarioResult } from './report.js';
import { get, IdPool, listAll, stream } from './scenarios.js';
import { round } from './stats.js';

export interface LimitsBenchDeps extends RowDeps {
  /** The handlers' environment of the run's main stack (validation, heap flags). */
  readonly handlerEnv: Readonly<Record<string, string>>;
}

const SMALL_ITEMS = 100;
const LARGE_ITEMS = 100;
/** Near DynamoDB's 400 KiB item limit, as the issue that set these limits tried them. */
const LARGE_ITEM_BYTES = 380 * 1024;

/**
 * The api's limits under the loads that used to break it (docs/limits.md), on a fresh stack of its
 * own: list without limit over 100 small items at 50 and at 200 connections (it collapsed to less
 * than half its rate at 100 before list-all streams were gated), then gets of ~380 KiB items at 50
 * connections (the api ran out of heap before the memory budget: now it answers 200 or 503).
 */
export async function benchLimits(deps: LimitsBenchDeps): Promise<void> {
  console.log(`The api's limits (a fresh stack; ${SMALL_ITEMS} small items, then ${LARGE_ITEMS} of ~${LARGE_ITEM_BYTES / 1024} KiB):`);
  const stack = await startEmbeddedStack({ logDir: join(deps.workDir, 'limits'), handlerEnv: deps.handlerEnv });
  const unregister = deps.cleanup.add(() => stack.stop());
  try {
    const watch = Object.fromEntries(Object.entries(stack.processes).map(([name, started]) => [name, started.pid]));
    await seedItems(stack.dynamodbEndpoint, stack.tableName, SMALL_ITEMS);
    const rows = [];
    for (const connections of [50, 200]) {
      rows.push(
        await deps.scenario(LIST_ALL_AT(connections), 'api', 'api', [stream(stack.apiUrl, [listAll()], deps.caps, connections)], watch),
      );
    }
    const [at50, at200] = rows;
    if (at50 && at200) annotate(at200, `2xx/s at 200 / at 50 connections: ${round(okRate(at200) / Math.max(okRate(at50), 1), 2)}`);

    const large = new IdPool(await seedLarge(stack.dynamodbEndpoint, stack.tableName));
    const row = await deps.scenario(LARGE_GET, 'api', 'api', [stream(stack.apiUrl, [get(large)], deps.caps)], watch);
    annotate(
      row,
      `${row.statusCodes['503'] ?? 0} answers 503 (memory budget or DynamoDB too slow, each with Retry-After), ${okRate(row)} items/s answered 200`,
    );
  } finally {
    unregister();
    await stack.stop();
  }
}

/** Large items straight into the table, a few per BatchWriteItem (its 16 MB request limit). */
async function seedLarge(endpoint: string, tableName: string): Promise<string[]> {
  const blob = 'x'.repeat(LARGE_ITEM_BYTES);
  const ids = Array.from({ length: LARGE_ITEMS }, () => randomUUID());
  for (let i = 0; i < ids.length; i += 10) {
    const items = ids.slice(i, i + 10).map((id, j) => storedItem(id, { name: `large-${i + j}`, role: 'bench', blob }));
    await writeItems(endpoint, tableName, items);
  }
  return ids;
}

function annotate(row: ScenarioResult, note: string): void {
  (row as { note?: string }).note = note;
}
