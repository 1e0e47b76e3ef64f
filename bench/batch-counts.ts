import { readFileSync, statSync } from 'node:fs';

export interface BatchCounts {
  readonly calls: number;
  readonly keys: number;
  readonly callers: number;
  readonly maxKeys: number;
}

export interface ApiBatchCounts {
  readonly reads: BatchCounts;
  readonly writes: BatchCounts;
}

/** What the api's batched gets and puts sent during one scenario: DynamoDB calls and keys per call. */
export interface BatchWindow {
  readonly reads: { readonly calls: number; readonly keysPerCall: number; readonly largest: number };
  readonly writes: { readonly calls: number; readonly keysPerCall: number; readonly largest: number };
}

/**
 * Asks a running api for its cumulative DynamoDB batch counts: SIGUSR2 makes it log them once
 * (api/src/server.ts), and the line is read back from its log file. Undefined if no line came
 * within 3 s (signals are POSIX: not on Windows).
 */
export async function readBatchCounts(pid: number, logFile: string): Promise<ApiBatchCounts | undefined> {
  const from = statSync(logFile).size;
  try {
    process.kill(pid, 'SIGUSR2');
  } catch {
    return undefined;
  }
  const deadline = Date.now() + 3_000;
  while (Date.now() < deadline) {
    const added = readFileSync(logFile).subarray(from).toString('utf8');
    for (const line of added.split('\n')) {
      if (!line.includes('"dynamodb batch counts"')) continue;
      try {
        return (JSON.parse(line) as { dynamodbBatches: ApiBatchCounts }).dynamodbBatches;
      } catch {
        // A line cut by the read: the next poll has it whole.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}

/** The counts between two reads; `largest` is the largest batch since start-up (a maximum cannot be differenced). */
export function batchWindow(before: ApiBatchCounts, after: ApiBatchCounts): BatchWindow {
  const side = (a: BatchCounts, b: BatchCounts) => {
    const calls = b.calls - a.calls;
    return { calls, keysPerCall: calls > 0 ? Math.round(((b.keys - a.keys) / calls) * 10) / 10 : 0, largest: b.maxKeys };
  };
  return { reads: side(before.reads, after.reads), writes: side(before.writes, after.writes) };
}
