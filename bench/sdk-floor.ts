/**
 * Process entry for the SDK floor: the same GetItem sent `CONCURRENCY` at a time for a bounded
 * time and count, first through the DynamoDB document client exactly as the api builds it (same
 * config, timeouts, keep-alive agent), then as raw HTTP. The gap is the SDK's own CPU cost per
 * call: a ceiling on any handler that uses it, whatever the framework around it. Then the same
 * reads as BatchGetItem calls of 100 keys through the base client the item store uses (CPU per
 * item): the lever the store's batching pulls. Prints JSON.
 */
import { BatchGetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbBaseClient, createDynamoDbClient, loadConfig } from '@picus/core';
import { Agent, request } from 'node:http';
import { dynamoDbHeaders, getItemBody } from './dynamodb-http.js';

const CONCURRENCY = 50;
const BATCH_CONCURRENCY = 4;
const DURATION_MS = Number(process.env.SDK_FLOOR_DURATION_MS ?? 3_000);
const MAX_CALLS = 100_000;
const ids = (process.env.SDK_FLOOR_IDS ?? 'missing').split(',');
const id = ids[0] ?? 'missing';
const config = loadConfig(process.env);
const endpoint = config.DYNAMODB_ENDPOINT ?? '';

interface Floor {
  readonly callsPerSecond: number;
  readonly cpuUsPerCall: number;
}

/** Calls `call` from `concurrency` loops until the time or count bound; CPU is this process's own. */
async function measure(call: () => Promise<unknown>, concurrency = CONCURRENCY): Promise<Floor> {
  // Warm the JIT first (1 s or 2,000 calls): a cold SDK costs twice as much per call.
  const warmUntil = performance.now() + 1_000;
  for (let i = 0; i < 2_000 && performance.now() < warmUntil; i += 1) await call();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let calls = 0;
  const loop = async () => {
    while (calls < MAX_CALLS && performance.now() - started < DURATION_MS) {
      calls += 1;
      // A call that times out on a busy machine still counts: the SDK did its work for it.
      await call().catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { callsPerSecond: Math.round((calls / elapsedMs) * 1000), cpuUsPerCall: Math.round((cpu.user + cpu.system) / calls) };
}

const client = createDynamoDbClient(config);
const sdk = await measure(() => client.send(new GetCommand({ TableName: config.DYNAMODB_TABLE_NAME, Key: { id } })));

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const body = getItemBody(config.DYNAMODB_TABLE_NAME, id);
const headers = { ...dynamoDbHeaders('GetItem'), 'content-length': String(Buffer.byteLength(body)) };
const raw = await measure(
  () =>
    new Promise<void>((resolve, reject) => {
      const call = request(endpoint, { method: 'POST', headers, agent }, (response) => {
        response.resume();
        response.on('end', resolve);
      });
      call.on('error', reject);
      call.end(body);
    }),
);

const base = createDynamoDbBaseClient(config);
const keys = ids.slice(0, 100).map((key) => ({ id: { S: key } }));
// 4 calls in flight (400 keys): 50 calls of 100 keys would ask the embedded DynamoDB for 5,000 items at once.
const batch = await measure(
  () => base.send(new BatchGetItemCommand({ RequestItems: { [config.DYNAMODB_TABLE_NAME]: { Keys: keys } } })),
  BATCH_CONCURRENCY,
);
const batchGet100 = {
  keysPerCall: keys.length,
  callsPerSecond: batch.callsPerSecond,
  cpuUsPerItem: Math.round((batch.cpuUsPerCall / keys.length) * 10) / 10,
};

console.log(JSON.stringify({ concurrency: CONCURRENCY, sdk, raw, batchGet100 }));
client.destroy();
base.destroy();
agent.destroy();
