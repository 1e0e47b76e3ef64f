import { decodePayload, encodePayload } from '@picus/core';

export interface MarshallingCost {
  readonly payload: string;
  readonly bytes: number;
  /** encodePayload + decodePayload (the map form the store writes and reads), µs per item. */
  readonly mapUs: number;
  /** JSON.stringify + JSON.parse (the text form it used to store), µs per item. */
  readonly textUs: number;
}

const PAYLOADS: Record<string, object> = {
  'the bench put body': { name: 'n12345', role: 'r' },
  '1 KB, nested': {
    name: 'Ada Lovelace',
    role: 'engineer',
    tags: ['math', 'engines', 'poetry', 'notes'],
    address: { street: '12 St James Square', city: 'London', zip: 'SW1Y 4JH', geo: { lat: 51.5074, lon: -0.1339 } },
    scores: [98.5, 87.25, 100, 42, 3.14159, 2.71828, 1.41421, 0.5772],
    active: true,
    manager: null,
    history: Array.from({ length: 8 }, (_, i) => ({ year: 1833 + i, event: `event number ${i} with some text`, ok: i % 2 === 0 })),
  },
};

/**
 * The CPU the payload codec adds per item, in this process and before any load: encode and decode
 * (what a put and a get pay) against JSON text, the stored form before payloads became maps. The
 * SDK's own serialization of the nested map is not in it: that shows in the api's CPU per request.
 */
export function measureMarshalling(durationMs = 300): MarshallingCost[] {
  return Object.entries(PAYLOADS).map(([payload, value]) => ({
    payload,
    bytes: JSON.stringify(value).length,
    mapUs: perCallUs(() => decodePayload(encodePayload(value)), durationMs),
    textUs: perCallUs(() => JSON.parse(JSON.stringify(value)) as unknown, durationMs),
  }));
}

function perCallUs(work: () => unknown, durationMs: number): number {
  for (let i = 0; i < 2_000; i += 1) work();
  let calls = 0;
  const started = performance.now();
  while (performance.now() - started < durationMs) {
    for (let i = 0; i < 100; i += 1) work();
    calls += 100;
  }
  return Math.round(((performance.now() - started) * 1000 * 100) / calls) / 100;
}
