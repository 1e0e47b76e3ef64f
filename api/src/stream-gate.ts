/**
 * How many list-all answers stream at once in this process. Each holds a DynamoDB page and keeps a
 * Scan going; past a handful they only compete for the same CPU and DynamoDB, and each takes longer
 * (enough, at 100 connections, for Scans queued behind the SDK's sockets to time out and be
 * retried, which is how throughput collapsed). So at most `maxActive` stream, the next
 * `maxWaiting` wait for a turn in arrival order, and beyond that the caller is told to come back.
 */
export class StreamGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly maxActive: number,
    private readonly maxWaiting: number,
  ) {}

  /**
   * undefined when the gate is full (answer 503); otherwise resolves with the function that ends
   * the turn once it is this caller's turn, or with undefined if `gone` fires first (the client left).
   */
  enter(gone: (onGone: () => void) => void): Promise<(() => void) | undefined> | undefined {
    if (this.active < this.maxActive) {
      this.active += 1;
      return Promise.resolve(this.exit());
    }
    if (this.waiting.length >= this.maxWaiting) return undefined;
    return new Promise((resolve) => {
      const turn = () => resolve(this.exit());
      this.waiting.push(turn);
      gone(() => {
        const index = this.waiting.indexOf(turn);
        if (index === -1) return;
        this.waiting.splice(index, 1);
        resolve(undefined);
      });
    });
  }

  stats(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  /** The end of one turn: the next waiting caller takes it. Idempotent. */
  private exit(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    };
  }
}
