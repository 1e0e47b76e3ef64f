#!/usr/bin/env node
// Measures the delete Lambda's cold init as Lambda pays it: a fresh Node process loads the bundle
// (module init: config, SDK client, app) and serves its first invoke. Prints JSON: wall times, and
// the process's CPU time over the same spans (steadier than wall time on a shared machine).
// Run it with the NODE_OPTIONS the deployed function has (bench/cold-init.ts does).
// usage: DYNAMODB_ENDPOINT=... node bench/lambda-cold-init.mjs [bundle]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const bundle = resolve(process.argv[2] ?? 'delete-fn/dist/lambda.js');
const cpuMs = (since) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};
const cpuStart = process.cpuUsage();
const started = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const loadedMs = performance.now() - started;
const loadCpuMs = cpuMs(cpuStart);
const event = {
  requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/picus-delete-fn/0' } },
  httpMethod: 'DELETE',
  path: '/picus/00000000-0000-4000-8000-000000000000',
  queryStringParameters: {},
  headers: { host: 'localhost' },
  body: '',
  isBase64Encoded: false,
};
const first = await handler(event, {});
const firstInvokeMs = performance.now() - started - loadedMs;
const coldInitCpuMs = cpuMs(cpuStart);
const warmStarted = performance.now();
const runs = 50;
for (let i = 0; i < runs; i += 1) await handler(event, {});
const warmInvokeMs = (performance.now() - warmStarted) / runs;
console.log(
  JSON.stringify({
    bundle,
    loadMs: round(loadedMs),
    firstInvokeMs: round(firstInvokeMs),
    coldInitMs: round(loadedMs + firstInvokeMs),
    loadCpuMs: round(loadCpuMs),
    coldInitCpuMs: round(coldInitCpuMs),
    warmInvokeMs: round(warmInvokeMs),
    firstStatus: first.statusCode,
  }),
);
function round(n) {
  return Math.round(n * 10) / 10;
}
