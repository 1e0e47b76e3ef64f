import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.js';

describe('.env.example', () => {
  it('when the handler config schema has a variable, then .env.example lists it', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const listed = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]));
    const missing = Object.keys(configSchema.shape).filter((name) => !listed.has(name));
    expect(missing).toEqual([]);
  });
});
