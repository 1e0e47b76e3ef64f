import { MemoryBudget, type Config } from '@picus/core';
import { StreamGate } from './stream-gate.js';

/** What bounds the api's memory and its list-all streams, built once from its config (docs/limits.md). */
export interface ApiLimits {
  readonly budget: MemoryBudget;
  readonly listAllGate: StreamGate;
  /** The most bytes of items a list-all answer holds before it ends with `next_cursor`. */
  readonly listAllMaxBytes: number;
  readonly writeDeadlineMs: number;
}

export function apiLimitsFromConfig(
  config: Pick<Config, 'MEMORY_BUDGET_MIB' | 'LIST_ALL_MAX_BYTES' | 'LIST_ALL_MAX_STREAMS' | 'LIST_ALL_MAX_WAITING' | 'WRITE_DEADLINE_MS'>,
): ApiLimits {
  return {
    budget: new MemoryBudget(config.MEMORY_BUDGET_MIB * 1024 * 1024),
    listAllGate: new StreamGate(config.LIST_ALL_MAX_STREAMS, config.LIST_ALL_MAX_WAITING),
    listAllMaxBytes: config.LIST_ALL_MAX_BYTES,
    writeDeadlineMs: config.WRITE_DEADLINE_MS,
  };
}
