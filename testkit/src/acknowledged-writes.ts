import type { LoadOutcome } from './load.js';

export interface AcknowledgedWrite {
  readonly id: string;
  readonly payload: unknown;
}

/** Every create the server acknowledged (201), with the payload the client sent. */
export function acknowledgedWrites(outcomes: readonly LoadOutcome[]): AcknowledgedWrite[] {
  return outcomes
    .filter((outcome) => outcome.status === 201 && outcome.body !== undefined && outcome.responseBody !== undefined)
    .map((outcome) => ({
      id: (JSON.parse(outcome.responseBody ?? '{}') as { id: string }).id,
      payload: JSON.parse(outcome.body ?? 'null') as unknown,
    }));
}

/**
 * Reads every acknowledged write back and returns those that are missing or changed: an
 * acknowledged write must never be lost, whatever happened to the processes in between.
 */
export async function lostWrites(
  baseUrl: string,
  writes: readonly AcknowledgedWrite[],
): Promise<Array<AcknowledgedWrite & { found: unknown }>> {
  const lost: Array<AcknowledgedWrite & { found: unknown }> = [];
  for (let start = 0; start < writes.length; start += 32) {
    await Promise.all(
      writes.slice(start, start + 32).map(async (write) => {
        const response = await fetch(`${baseUrl}/picus/get/${write.id}`);
        const found = response.status === 200 ? ((await response.json()) as { payload: unknown }).payload : `HTTP ${response.status}`;
        if (JSON.stringify(found) !== JSON.stringify(write.payload)) lost.push({ ...write, found });
      }),
    );
  }
  return lost;
}
