import { UnrepresentableNumberError } from './domain-errors.js';

/** JSON.parse's reviver for request bodies: JSON.parse turns numbers beyond ±1.8e308 into Infinity; refuse them rather than store `null`. */
export function refuseUnrepresentableNumbers(key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new UnrepresentableNumberError(key);
  return value;
}
