import { describe, expect, it } from 'vitest';
import { StreamGate } from '../src/stream-gate.js';

const never = () => undefined;

describe('StreamGate', () => {
  it('when the streams and the queue are full, then the next caller is refused; a turn ended passes to the first waiting', async () => {
    const gate = new StreamGate(1, 1);
    const first = await gate.enter(never);
    const second = gate.enter(never);
    expect(second).toBeDefined();
    expect(gate.enter(never)).toBeUndefined();
    first?.();
    first?.();
    const secondTurn = await second;
    expect(gate.stats()).toEqual({ active: 1, waiting: 0 });
    secondTurn?.();
    expect(gate.stats()).toEqual({ active: 0, waiting: 0 });
  });

  it('when a waiting caller goes away, then it leaves the queue and never takes a turn', async () => {
    const gate = new StreamGate(1, 2);
    const first = await gate.enter(never);
    let leave = () => undefined as void;
    const gone = gate.enter((onGone) => (leave = onGone));
    leave();
    expect(await gone).toBeUndefined();
    expect(gate.stats()).toEqual({ active: 1, waiting: 0 });
    first?.();
    expect(gate.stats()).toEqual({ active: 0, waiting: 0 });
  });
});
