import type { BatchWindow } from './batch-counts.js';
import type { LoadResult } from './load-runner.js';

/** Where a scenario's load went. */
export type Via = 'api' | 'router' | 'delete-fn' | 'bare node:http' | 'bare Express 5' | 'dynamodb';

export interface ScenarioResult extends LoadResult {
  readonly name: string;
  readonly via: Via;
  /** The process that does the scenario's work: its CPU and RSS are the headline. */
  readonly servedBy: string;
  /** For mixes: the share of each request kind actually sent, in %. */
  readonly shares?: Readonly<Record<string, number>>;
  readonly note?: string;
  /** The api's DynamoDB batches during the run (the first api process). */
  readonly batches?: BatchWindow;
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  /** undefined when it could not be measured in this run. */
  readonly pass: boolean | undefined;
}
