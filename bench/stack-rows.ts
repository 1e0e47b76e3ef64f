import type { EmbeddedStack } from '@picus/local';
import { join } from 'node:path';
import { benchTwoReplicas } from './api-variant-rows.js';
import { seedItems } from './dynamodb-http.js';
import { find, type ScenarioResult } from './report.js';
import type { RowDeps } from './scenario-rows.js';
import {
  CONNECTIONS,
  countListAll,
  dynamoDbGet,
  dynamoDbPut,
  get,
  health,
  IdPool,
  list,
  listAll,
  mix,
  put,
  remove,
  stream,
  Tally,
} from './scenarios.js';
import { round } from './stats.js';

/** Each DELETE consumes a seeded id: per delete scenario, measured + warm-up. */
const DELETE_CAP = 12_000;
const DELETE_WARMUP_CAP = 2_500;
/** The mixes' deletes (10 % of requests): their own budget. */
const MIX_DELETE_CAP = 5_000;
const MIX_DELETE_WARMUP_CAP = 1_000;
/** Deletes in the warm-up of a fresh process (see {@link prewarm}). */
const PREWARM_DELETE_CAP = 1_500;
const READ_IDS = 2_000;
const DELETE_IDS = 2 * (DELETE_CAP + DELETE_WARMUP_CAP) + 2 * (MIX_DELETE_CAP + MIX_DELETE_WARMUP_CAP) + 2 * PREWARM_DELETE_CAP;
/** A list of every item is ~1 MB and costs ~100 ms: a few connections show its cost without queueing. */
const LIST_ALL_CONNECTIONS = 4;

/**
 * The stack's own rows: every route through the api (or the Lambda host) directly and through the
 * router, two api replicas, and DynamoDB alone. Returns the ids it seeded to read.
 */
export async function benchStack(
  deps: RowDeps & { readonly scenarios: ScenarioResult[] },
  stack: EmbeddedStack,
): Promise<{ reads: IdPool }> {
  const { scenario, prewarm, scenarios, workDir } = deps;
  process.stdout.write(`Seeding ${READ_IDS.toLocaleString('en')} items to read and ${DELETE_IDS.toLocaleString('en')} to delete… `);
  const seedStarted = performance.now();
  const reads = new IdPool(await seedItems(stack.dynamodbEndpoint, stack.tableName, READ_IDS));
  const deletes = new IdPool(await seedItems(stack.dynamodbEndpoint, stack.tableName, DELETE_IDS));
  console.log(`${round((performance.now() - seedStarted) / 1000, 1)} s`);
  const watch = Object.fromEntries(Object.entries(stack.processes).map(([name, started]) => [name, started.pid]));
  const { caps } = deps;
  const deleteCaps = { maxRequests: DELETE_CAP, warmupMaxRequests: DELETE_WARMUP_CAP };
  const mixCaps = { maxRequests: MIX_DELETE_CAP * 10, warmupMaxRequests: MIX_DELETE_WARMUP_CAP * 10 };
  const mixDeleteCaps = { maxRequests: MIX_DELETE_CAP, warmupMaxRequests: MIX_DELETE_WARMUP_CAP };
  const rate = (name: string) => find(scenarios, name, 'api')?.requestsPerSecond ?? 1000;
  const batchesOf = { pid: stack.processes.api.pid, logFile: join(workDir, 'stack', 'api.log') };

  for (const via of ['api', 'router'] as const) {
    console.log(via === 'api' ? 'The api directly (DELETE: the Lambda host directly):' : 'Through the ALB emulator:');
    const url = via === 'api' ? stack.apiUrl : stack.routerUrl;
    const few = { maxRequests: caps.maxRequests };
    await prewarm(via === 'api' ? 'the api and the Lambda host' : 'the router', [
      stream(url, [health()], few, 10),
      stream(url, [put()], few, 10),
      stream(url, [get(reads)], few, 10),
      stream(url, [list()], few, 10),
      stream(via === 'api' ? stack.deleteFnUrl : url, [remove(deletes)], { maxRequests: PREWARM_DELETE_CAP }, 10),
    ]);
    await scenario('health', via, 'api', [stream(url, [health()], caps)], watch);
    await scenario('put', via, 'api', [stream(url, [put()], caps)], watch, { batchesOf });
    await scenario('get', via, 'api', [stream(url, [get(reads)], caps)], watch, { batchesOf });
    await scenario('get, 1 connection', via, 'api', [stream(url, [get(reads)], caps, 1)], watch, {
      batchesOf,
      note: 'one request at a time: what a quiet api adds',
    });
    await scenario('list of 100', via, 'api', [stream(url, [list()], caps)], watch);
    const listed = await countListAll(url);
    await scenario(
      `list, no limit (${listed.toLocaleString('en')} items)`,
      via,
      'api',
      [stream(url, [listAll()], caps, LIST_ALL_CONNECTIONS)],
      watch,
      {
        note: `every item up to the 10,000 cap in one streamed answer, ${LIST_ALL_CONNECTIONS} connections`,
      },
    );
    await scenario(
      'delete',
      via === 'api' ? 'delete-fn' : via,
      'delete-fn',
      [stream(via === 'api' ? stack.deleteFnUrl : url, [remove(deletes)], deleteCaps)],
      watch,
    );
    const tally = new Tally();
    if (via === 'router') {
      await scenario(
        'mix 70/20/10',
        via,
        'api',
        [stream(url, [mix(reads, deletes, tally, { get: 7, put: 2, delete: 1 })], mixCaps)],
        watch,
        {
          batchesOf,
          tally,
          afterWarmup: () => tally.reset(),
        },
      );
    } else {
      // Directly, deletes go to another host: a second stream on 5 of the 50 connections, paced at a
      // ninth of what the get/put stream reached in the warm-up, so the mix stays near 70/20/10.
      const deleteConnections = 5;
      const getPut = stream(url, [mix(reads, deletes, tally, { get: 7, put: 2, delete: 0 })], caps, CONNECTIONS - deleteConnections);
      const deleteStream = (perSecond: number) => ({
        ...stream(stack.deleteFnUrl, [remove(deletes, tally)], mixDeleteCaps, deleteConnections),
        overallRate: Math.max(deleteConnections, Math.round(perSecond)),
      });
      const firstGuess = 1 / (7 / 9 / rate('get') + 2 / 9 / rate('put')) / 9;
      await scenario('mix 70/20/10', via, 'api', [getPut, deleteStream(firstGuess)], watch, {
        tally,
        note: 'deletes sent to the Lambda host on 5 of the 50 connections, paced to a ninth of the get/put rate',
        afterWarmup: ([getPutRate]) => {
          tally.reset();
          return [getPut, deleteStream((getPutRate ?? firstGuess * 9) / 9)];
        },
      });
    }
  }
  await benchTwoReplicas(deps, stack, reads, watch);
  if (deletes.remaining < 0) console.warn(`The delete id pool ran out by ${-deletes.remaining}: those deletes were 404s (non-2xx).`);

  console.log('The embedded DynamoDB alone (raw JSON protocol):');
  await scenario('PutItem', 'dynamodb', 'dynamodb', [stream(stack.dynamodbEndpoint, [dynamoDbPut(stack.tableName)], caps)], watch);
  await scenario('GetItem', 'dynamodb', 'dynamodb', [stream(stack.dynamodbEndpoint, [dynamoDbGet(stack.tableName, reads)], caps)], watch);
  return { reads };
}
