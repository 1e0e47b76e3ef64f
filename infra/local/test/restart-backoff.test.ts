import { describe, expect, it } from 'vitest';
import { MAX_DELAY_MS, restartDelayMs } from '../supervisor/restart-backoff.js';

describe('the restart backoff', () => {
  it('when a handler keeps dying, then it is restarted at once first, then after doubling delays up to the cap', () => {
    expect([1, 2, 3, 4, 5].map(restartDelayMs)).toEqual([250, 1_000, 2_000, 4_000, 8_000]);
    expect(restartDelayMs(20)).toBe(MAX_DELAY_MS);
  });
});
