/** DynamoDB's item size limit, the most any one item can weigh. */
export const MAX_ITEM_BYTES = 400 * 1024;

/**
 * What an item read from the table weighs, as the bytes DynamoDB sent for it (its JSON wire form,
 * measured from each BatchGetItem and Scan answer's Content-Length), learnt as the api runs:
 *
 * - it starts at {@link MAX_ITEM_BYTES}, so a fresh process admits and batches as if every item
 *   were as large as DynamoDB allows, until its first answer says what the table holds;
 * - it rises at once to the mean item size of any answer above it (large items must never be
 *   under-counted for long: that is what would exhaust the heap);
 * - it falls back towards smaller answers slowly, halving at most every {@link HALF_LIFE_MS}.
 */
export class ItemSizeEstimate {
  private estimate = MAX_ITEM_BYTES;
  /** Undefined until the first answer, which replaces the starting guess outright. */
  private updatedAt: number | undefined;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Bytes per item to plan with now. */
  bytes(): number {
    return Math.ceil(this.estimate);
  }

  /** One DynamoDB answer: `bytes` on the wire holding `items` items. */
  observe(bytes: number, items: number): void {
    if (!(bytes > 0) || items <= 0) return;
    const mean = bytes / items;
    const now = this.now();
    if (mean >= this.estimate || this.updatedAt === undefined) {
      this.estimate = mean;
    } else {
      const decay = 0.5 ** ((now - this.updatedAt) / HALF_LIFE_MS);
      this.estimate = Math.max(mean, this.estimate * decay);
    }
    this.updatedAt = now;
  }
}

const HALF_LIFE_MS = 2_000;
