import { startEmbeddedStack } from '@picus/local';
import { join } from 'node:path';
import type { Cleanup } from './cleanup.js';
import { seedItems } from './dynamodb-http.js';
import type { LoadTarget } from './load-runner.js';
import type { ScenarioResult, Via } from './report.js';
import { get, IdPool, stream } from './scenarios.js';
import { round } from './stats.js';

export interface TracingBenchDeps {
  readonly workDir: string;
  readonly cleanup: Cleanup;
  readonly caps: { readonly maxRequests: number; readonly warmupMaxRequests: number };
  /** The handlers' environment of the run's main stack, so only tracing differs from its rows. */
  readonly handlerEnv: Readonly<Record<string, string>>;
  /** run.ts's scenario runner, which records the row. */
  readonly scenario: (name: string, via: Via, servedBy: string, targets: LoadTarget[], watch: Record<string, number>, extra?: { note?: string }) => Promise<ScenarioResult>;
  readonly prewarm: (what: string, targets: LoadTarget[]) => Promise<void>;
  /** The run's own `get via router` row: the same configuration as tracing off, so the two differ by the run's noise. */
  readonly baseline?: ScenarioResult;
}

const READ_IDS = 2_000;

/**
 * Tracing off against on, for a get through the router: two fresh stacks one after the other, the
 * same in all but tracing. Off is the stack as it always runs (no OTLP endpoint: no tracing code on
 * the path). On runs the console too, and the router, the api and DynamoDB calls each make spans
 * and send them over OTLP/HTTP to it; the console's CPU is part of what "on" costs locally (in AWS a
 * collector elsewhere takes it). The off row against the run's earlier `get via router` row, the
 * same configuration measured twice, shows the run's noise.
 */
export async function benchTracing(deps: TracingBenchDeps): Promise<void> {
  console.log('Tracing off vs on (get through the router, a fresh stack each):');
  const rows: Partial<Record<'off' | 'on', ScenarioResult>> = {};
  for (const mode of ['off', 'on'] as const) {
    const stack = await startEmbeddedStack({ console: mode === 'on', logDir: join(deps.workDir, `tracing-${mode}`), handlerEnv: deps.handlerEnv });
    const unregister = deps.cleanup.add(() => stack.stop());
    try {
      const reads = new IdPool(await seedItems(stack.dynamodbEndpoint, stack.tableName, READ_IDS));
      const watch = Object.fromEntries(Object.entries(stack.processes).map(([name, started]) => [name, started.pid]));
      await deps.prewarm(`the tracing-${mode} stack`, [stream(stack.routerUrl, [get(reads)], deps.caps)]);
      rows[mode] = await deps.scenario(`get, tracing ${mode}`, 'router', 'api', [stream(stack.routerUrl, [get(reads)], deps.caps)], watch);
    } finally {
      unregister();
      await stack.stop();
    }
  }
  const { off, on } = rows;
  if (off && deps.baseline) annotate(off, `no OTLP endpoint (the default); req/s against the run's \`get via router\` row, the same configuration measured twice: ${ratio(off, deps.baseline)}`);
  if (off && on) annotate(on, `req/s on / off: ${ratio(on, off)}; spans from the router, the api and each DynamoDB call go over OTLP/HTTP to the console (its CPU: \`processes.console\` in latest.json)`);
}

/** Notes a row once its neighbour is measured: the report holds the row itself, so the note shows there. */
function annotate(row: ScenarioResult, note: string): void {
  (row as { note?: string }).note = note;
}

function ratio(row: ScenarioResult, base: ScenarioResult): number {
  return round(row.requestsPerSecond / base.requestsPerSecond, 2);
}
