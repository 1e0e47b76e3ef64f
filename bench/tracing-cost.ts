import { startEmbeddedStack, type EmbeddedStack } from '@picus/local';
import { join } from 'node:path';
import { seedItems } from './dynamodb-http.js';
import type { RowDeps } from './scenario-rows.js';
import type { ScenarioResult } from './report.js';
import { CONNECTIONS, get, IdPool, list, listAll, put, stream } from './scenarios.js';
import { round } from './stats.js';
import { cpuRatio, KINDS, PUT_AFTER_LIST_ALL, type Kind } from './tracing-targets.js';

export interface TracingBenchDeps extends RowDeps {
  /** The handlers' environment of the run's main stack, so only tracing differs from its rows. */
  readonly handlerEnv: Readonly<Record<string, string>>;
}

/** The table each tracing stack starts with: a list of every item is then the list of 100 small items. */
const ITEMS = 100;
const LIST_ALL = `list, no limit (${ITEMS} items), ${CONNECTIONS} connections, tracing on`;

/**
 * Tracing off against on, in the api's CPU per request. Two stacks run side by side, the same in all
 * but tracing: off is the stack as it always runs (no OTLP endpoint, no tracing code on the path); on
 * runs the console too, as `make up` does, and the router, the api and each DynamoDB call send spans
 * to it over OTLP/HTTP. Each kind of request is measured off then on, straight after one another, so
 * the machine's drift during the run falls on both alike. The on row's note gives CPU on / off.
 *
 * Then, on a third fresh stack with tracing on: list (no limit) at 50 connections, and a put right
 * after it, to read beside the pair's put (the slowdown that lasted until restart, issue 24).
 */
export async function benchTracing(deps: TracingBenchDeps): Promise<void> {
  console.log('Tracing off vs on (the api directly, two stacks side by side, rows alternating):');
  const off = await startTracingStack(deps, 'off');
  const on = await startTracingStack(deps, 'on');
  const rows: Partial<Record<Kind, { off: ScenarioResult; on: ScenarioResult }>> = {};
  try {
    for (const kind of KINDS) {
      const pair = { off: await measure(deps, off, kind), on: await measure(deps, on, kind) };
      annotate(
        pair.on,
        `api CPU per request on / off: ${cpuRatio(pair.on, pair.off) ?? 'not measured'}; spans go over OTLP/HTTP to the console`,
      );
      rows[kind] = pair;
    }
  } finally {
    await Promise.all([off.stop(), on.stop()]);
  }

  console.log('After a burst of lists (a fresh stack, tracing on):');
  const fresh = await startTracingStack(deps, 'on');
  try {
    const url = fresh.stack.apiUrl;
    await deps.scenario(LIST_ALL, 'api', 'api', [stream(url, [listAll()], deps.caps)], fresh.watch, {
      note: 'no warm-up beyond the row’s own second: as a new user would',
    });
    const after = await deps.scenario(PUT_AFTER_LIST_ALL, 'api', 'api', [stream(url, [put()], deps.caps)], fresh.watch);
    const before = rows.put?.on;
    if (before)
      annotate(
        after,
        `req/s against \`put, tracing on\` (no list before it): ${round(after.requestsPerSecond / before.requestsPerSecond, 2)}; CPU per put: ${cpuRatio(after, before) ?? 'not measured'}`,
      );
  } finally {
    await fresh.stop();
  }
}

interface TracingStack {
  readonly stack: EmbeddedStack;
  readonly reads: IdPool;
  readonly watch: Record<string, number>;
  stop(): Promise<void>;
}

async function startTracingStack(deps: TracingBenchDeps, mode: 'off' | 'on'): Promise<TracingStack> {
  const logDir = join(deps.workDir, `tracing-${mode}-${Date.now()}`);
  const stack = await startEmbeddedStack({ console: mode === 'on', logDir, handlerEnv: deps.handlerEnv });
  const unregister = deps.cleanup.add(() => stack.stop());
  const stop = async () => {
    unregister();
    await stack.stop();
  };
  try {
    const reads = new IdPool(await seedItems(stack.dynamodbEndpoint, stack.tableName, ITEMS));
    const watch = Object.fromEntries(Object.entries(stack.processes).map(([name, started]) => [name, started.pid]));
    return { stack, reads, watch, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function measure(deps: TracingBenchDeps, { stack, reads, watch }: TracingStack, kind: Kind): Promise<ScenarioResult> {
  const mode = stack.processes.console ? 'on' : 'off';
  const request = kind === 'get' ? get(reads) : kind === 'put' ? put() : list();
  const targets = () => [stream(stack.apiUrl, [request], deps.caps)];
  await deps.prewarm(`${kind}, tracing ${mode}`, targets());
  return deps.scenario(`${kind}, tracing ${mode}`, 'api', 'api', targets(), watch);
}

/** Notes a row once its neighbour is measured: the report holds the row itself, so the note shows there. */
function annotate(row: ScenarioResult, note: string): void {
  (row as { note?: string }).note = note;
}
