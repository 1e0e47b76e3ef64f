import { describe, expect, it } from 'vitest';
import { UnrepresentablePayloadError, decodePayload, encodePayload } from '../src/index.js';

const roundTrip = (payload: object) => decodePayload(JSON.parse(JSON.stringify(encodePayload(payload))));

describe('payload codec (JSON ⇄ DynamoDB map)', () => {
  it('when a payload holds every JSON type, then it is a map with numbers as numbers', () => {
    expect(encodePayload({ name: 'Ada', role: 'r', n: 1.25, ok: true, none: null, list: [1, 'two'], nested: { a: '' } })).toEqual({
      M: {
        name: { S: 'Ada' },
        role: { S: 'r' },
        n: { N: '1.25' },
        ok: { BOOL: true },
        none: { NULL: true },
        list: { L: [{ N: '1' }, { S: 'two' }] },
        nested: { M: { a: { S: '' } } },
      },
    });
  });

  it('when numbers sit at the edges of DynamoDB range and of double precision, then they come back as the same doubles', () => {
    const payload = {
      a: 9.999999999999998e125,
      b: 1e-130,
      c: -1e125,
      d: 0.30000000000000004,
      e: 9007199254740992,
      f: 5e-130,
      g: 1e21,
      h: -0,
      i: 123456789.12345679,
    };
    expect(roundTrip(payload)).toEqual({ ...payload, h: 0 });
  });

  it('when DynamoDB normalises a number text (1e+21 back as 1000000000000000000000), then the same double is read', () => {
    expect(decodePayload({ M: { n: { N: '1000000000000000000000' }, m: { N: '0.000000000000000000001' } } })).toEqual({
      n: 1e21,
      m: 1e-21,
    });
  });

  it('when a number is outside DynamoDB range, then it is refused naming the number and its place', () => {
    for (const [value, shown] of [
      [1e126, '1e+126'],
      [1e300, '1e+300'],
      [-2e200, '-2e+200'],
      [9e-131, '9e-131'],
      [5e-324, '5e-324'],
    ] as const) {
      let caught: unknown;
      try {
        encodePayload({ deep: [{ n: value }] });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UnrepresentablePayloadError);
      expect((caught as UnrepresentablePayloadError).message).toContain(shown);
      expect((caught as UnrepresentablePayloadError).pointer).toBe('/deep/0/n');
    }
  });

  it('when maps and lists nest 31 deep (32 levels with the innermost value), then they are kept; one deeper is refused', () => {
    const nest = (levels: number): object => {
      let value: unknown = 'bottom';
      for (let i = 0; i < levels; i += 1) value = i % 2 ? { d: value } : [value];
      return { name: 'n', role: 'r', deep: value };
    };
    expect(roundTrip(nest(30))).toEqual(nest(30));
    expect(() => encodePayload(nest(31))).toThrow(/deeper than DynamoDB's 32 levels/);
  });

  it('when a key is __proto__ or starts with NUL, then it is an own key after the round trip and nothing is polluted', () => {
    const payload = JSON.parse('{"__proto__":{"polluted":true},"\\u0000x":1,"x":2,"":3}') as object;
    const back = roundTrip(payload);
    expect(Object.keys(back)).toEqual(['__proto__', '\u0000x', 'x', '']);
    expect(back).toEqual(payload);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('when the stored payload is JSON text (written before payloads were maps), then it is read as before', () => {
    expect(decodePayload({ S: '{"name":"old","role":"r","big":1e300}' })).toEqual({ name: 'old', role: 'r', big: 1e300 });
  });
});
