/**
 * When a batch of DynamoDB calls goes out. DataLoader's default sends a batch at the end of every
 * tick, but two HTTP requests are rarely parsed in the same tick, so under load it would send
 * almost one call per request. This scheduler sends a batch at once when no call is in flight
 * (a lone request adds no latency; `setImmediate` still gathers what arrived in the same turn of
 * the event loop), and otherwise holds it, still open to more keys, until a call in flight
 * returns: then every held batch goes out. The busier the api, the larger the batches, with no
 * tuning ("group commit").
 *
 * A held batch waits at most `maxHoldMs`: when DynamoDB is slow (a call takes longer than that),
 * waiting for the call in flight would add its whole duration to every caller behind it, so the
 * held batch goes out beside it instead. Normally a call returns in a few milliseconds and the
 * timer never fires.
 */
export class InFlightScheduler {
  private inFlight = 0;
  private held: Array<() => void> = [];
  private holdTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly maxInFlight = 1,
    private readonly maxHoldMs = 50,
  ) {}

  /** DataLoader's `batchScheduleFn`: `dispatch` sends the batch that is gathering keys. */
  readonly schedule = (dispatch: () => void): void => {
    if (this.inFlight < this.maxInFlight) {
      setImmediate(dispatch);
      return;
    }
    this.held.push(dispatch);
    this.holdTimer ??= setTimeout(() => this.release(), this.maxHoldMs);
  };

  /** Runs one batch's DynamoDB work, counted as in flight until it settles. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      return await work();
    } finally {
      this.inFlight -= 1;
      this.release();
    }
  }

  private release(): void {
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    if (this.held.length === 0) return;
    const ready = this.held;
    this.held = [];
    for (const dispatch of ready) dispatch();
  }
}
