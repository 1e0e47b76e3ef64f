import type { ServerResponse } from 'node:http';

/**
 * The responses a server has not finished, for draining: kept in numbered slots that are reused,
 * not in a Set.
 *
 * A Set that lives as long as the server, added to and deleted from by every request, is rehashed
 * every few dozen requests; the table it leaves behind is in the old generation by then and still
 * points at the responses it held, so until the next full GC every scavenge keeps them alive, with
 * their requests, closures and buffers, and promotes them. In the router under load that grew the
 * old generation by ~0.9 MB every scavenge and made each scavenge 3× longer (`node --trace-gc`,
 * bench/README.md). The slots here are written over, the array grows only to the peak number in
 * flight, and a freed slot holds nothing.
 */
export class InFlightResponses {
  private readonly slots: Array<ServerResponse | undefined> = [];
  private readonly freeSlots: number[] = [];

  get size(): number {
    return this.slots.length - this.freeSlots.length;
  }

  /** Holds `res` until {@link remove} is given the slot returned. */
  add(res: ServerResponse): number {
    const slot = this.freeSlots.pop() ?? this.slots.length;
    this.slots[slot] = res;
    return slot;
  }

  remove(slot: number): void {
    this.slots[slot] = undefined;
    this.freeSlots.push(slot);
  }

  forEach(visit: (res: ServerResponse) => void): void {
    for (const res of this.slots) if (res) visit(res);
  }
}
