import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { InFlightResponses } from '../src/in-flight-responses.js';

const response = (name: string) => ({ name }) as unknown as ServerResponse;
const names = (inFlight: InFlightResponses) => {
  const seen: string[] = [];
  inFlight.forEach((res) => seen.push((res as unknown as { name: string }).name));
  return seen;
};

describe('responses in flight', () => {
  it('when responses are added and removed, then size and the visited ones are those still in flight', () => {
    const inFlight = new InFlightResponses();
    const [a, b, c] = [inFlight.add(response('a')), inFlight.add(response('b')), inFlight.add(response('c'))];
    expect(inFlight.size).toBe(3);
    inFlight.remove(b);
    expect(inFlight.size).toBe(2);
    expect(names(inFlight)).toEqual(['a', 'c']);
    inFlight.remove(a);
    inFlight.remove(c);
    expect(inFlight.size).toBe(0);
    expect(names(inFlight)).toEqual([]);
  });

  it('when requests come and go, then freed slots are reused and the slots grow only to the peak in flight', () => {
    const inFlight = new InFlightResponses();
    const held = Array.from({ length: 50 }, (_, index) => inFlight.add(response(`first-${index}`)));
    for (let round = 0; round < 1_000; round += 1) {
      // One finishes, another starts: 50 stay in flight throughout.
      inFlight.remove(held[round % 50] as number);
      held[round % 50] = inFlight.add(response(`round-${round}`));
    }
    expect(inFlight.size).toBe(50);
    expect(Math.max(...held)).toBe(49);
    expect(names(inFlight)).toHaveLength(50);
  });
});
