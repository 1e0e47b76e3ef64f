/**
 * Bytes of heap the requests in flight may hold, counted before the work is done so that load past
 * the budget is shed (503) instead of growing the heap until V8 aborts the process. What each kind
 * of request is charged (its body, the item it answers, one list page) is decided by its route; the
 * arithmetic that ties the budget to the heap flags is in docs/limits.md.
 */
export interface Reservation {
  /** Bytes this reservation holds now. */
  readonly bytes: number;
  /** Holds `bytes` instead (once the real size is known); may take the budget past its capacity. */
  resize(bytes: number): void;
  /** Gives the bytes back; later calls do nothing. */
  release(): void;
}

export interface BudgetStats {
  readonly capacityBytes: number;
  readonly inFlightBytes: number;
  /** The most ever held at once since start-up. */
  readonly peakBytes: number;
  /** Reservations refused since start-up (each one a 503). */
  readonly shed: number;
}

export class MemoryBudget {
  private inFlight = 0;
  private peak = 0;
  private refused = 0;

  constructor(readonly capacityBytes: number) {}

  /**
   * Reserves `bytes` when they fit, or undefined. When nothing is in flight a reservation is always
   * granted, so a request larger than the whole budget is served alone rather than never.
   */
  tryReserve(bytes: number): Reservation | undefined {
    if (this.inFlight > 0 && this.inFlight + bytes > this.capacityBytes) {
      this.refused += 1;
      return undefined;
    }
    return this.hold(bytes);
  }

  stats(): BudgetStats {
    return { capacityBytes: this.capacityBytes, inFlightBytes: this.inFlight, peakBytes: this.peak, shed: this.refused };
  }

  private hold(initial: number): Reservation {
    let held = 0;
    let released = false;
    const set = (bytes: number) => {
      this.inFlight += bytes - held;
      held = bytes;
      if (this.inFlight > this.peak) this.peak = this.inFlight;
    };
    set(initial);
    return {
      get bytes() {
        return held;
      },
      resize: (bytes) => {
        if (!released) set(bytes);
      },
      release: () => {
        if (released) return;
        set(0);
        released = true;
      },
    };
  }
}
