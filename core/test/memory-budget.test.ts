import { describe, expect, it } from 'vitest';
import { ItemSizeEstimate, MAX_ITEM_BYTES, MemoryBudget } from '../src/index.js';

describe('MemoryBudget', () => {
  it('when a reservation would pass the capacity, then it is refused and counted; released bytes can be reserved again', () => {
    const budget = new MemoryBudget(100);
    const first = budget.tryReserve(60);
    expect(first).toBeDefined();
    expect(budget.tryReserve(50)).toBeUndefined();
    first?.release();
    first?.release();
    expect(budget.tryReserve(50)).toBeDefined();
    expect(budget.stats()).toEqual({ capacityBytes: 100, inFlightBytes: 50, peakBytes: 60, shed: 1 });
  });

  it('when nothing is in flight, then even a reservation larger than the budget is granted (served alone, never refused forever)', () => {
    const budget = new MemoryBudget(100);
    const big = budget.tryReserve(500);
    expect(big).toBeDefined();
    expect(budget.tryReserve(1)).toBeUndefined();
    big?.resize(10);
    expect(budget.tryReserve(1)).toBeDefined();
  });
});

describe('ItemSizeEstimate', () => {
  it('when answers of large items follow small ones, then the estimate rises at once and falls back only with time', () => {
    let now = 0;
    const sizes = new ItemSizeEstimate(() => now);
    expect(sizes.bytes()).toBe(MAX_ITEM_BYTES);
    sizes.observe(1_000, 10);
    expect(sizes.bytes()).toBe(100);
    sizes.observe(300_000, 1);
    expect(sizes.bytes()).toBe(300_000);
    now += 10;
    sizes.observe(1_000, 10);
    expect(sizes.bytes()).toBeGreaterThan(290_000);
    now += 60_000;
    sizes.observe(1_000, 10);
    expect(sizes.bytes()).toBe(100);
  });
});
