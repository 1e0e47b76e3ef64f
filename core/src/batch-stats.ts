/** What the batchers sent: DynamoDB calls and the keys or items they carried, since start-up. */
export interface BatchCounts {
  /** Batch calls, retries of unprocessed keys or items included. */
  calls: number;
  /** Keys or items sent, retries included. */
  keys: number;
  /** Callers answered (one per `get` or `put`). */
  callers: number;
  /** The largest batch sent. */
  maxKeys: number;
}

export const newBatchCounts = (): BatchCounts => ({ calls: 0, keys: 0, callers: 0, maxKeys: 0 });

export function countBatch(counts: BatchCounts, keys: number): void {
  counts.calls += 1;
  counts.keys += keys;
  if (keys > counts.maxKeys) counts.maxKeys = keys;
}
