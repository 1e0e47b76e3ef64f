import type { ScenarioResult, TargetCheck } from './scenario-result.js';
import { round } from './stats.js';

/** What bench/tracing-cost.ts measures off then on, in this order: puts last, since they grow the table. */
export const KINDS = ['get', 'list of 100', 'put'] as const;
export type Kind = (typeof KINDS)[number];
export const PUT_AFTER_LIST_ALL = 'put right after that list, tracing on';

/** The targets of issue 24, from this run's rows: CPU on / off ≤ 1.25 for each kind, put after the list burst ≥ 0.8 × put. */
export function tracingTargets(scenarios: readonly ScenarioResult[]): TargetCheck[] {
  const row = (name: string) => scenarios.find((scenario) => scenario.name === name && scenario.via === 'api');
  const checks: TargetCheck[] = KINDS.map((kind) => {
    const ratio = (() => {
      const [on, off] = [row(`${kind}, tracing on`), row(`${kind}, tracing off`)];
      return on && off ? cpuRatio(on, off) : undefined;
    })();
    return {
      target: `api CPU per ${kind}, tracing on / off ≤ 1.25`,
      measured: ratio === undefined ? 'not run' : `${ratio} ×`,
      pass: ratio === undefined ? undefined : ratio <= 1.25,
    };
  });
  const [after, before] = [row(PUT_AFTER_LIST_ALL), row('put, tracing on')];
  const kept = after && before ? round(after.requestsPerSecond / before.requestsPerSecond, 2) : undefined;
  checks.push({
    target: 'put right after a list burst ≥ 0.8 × put (tracing on)',
    measured: kept === undefined ? 'not run' : `${kept} ×`,
    pass: kept === undefined ? undefined : kept >= 0.8,
  });
  return checks;
}

/** The api's CPU per request in `row` over that in `base`. */
export function cpuRatio(row: ScenarioResult, base: ScenarioResult): number | undefined {
  const [cpu, baseCpu] = [row.processes.api?.cpuUsPerRequest, base.processes.api?.cpuUsPerRequest];
  return cpu && baseCpu ? round(cpu / baseCpu, 2) : undefined;
}
