import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { configSchema } from '../src/config.js';
import { parseEnv } from '../src/env-schema.js';

const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
const lines = example.split('\n');
/** `# NAME=value` lines: the variables .env.example lists, with the value it shows. */
const listed = new Map<string, string>(
  lines.flatMap((line) =>
    [...line.matchAll(/^#\s?([A-Z][A-Z0-9_]+)=(.*)$/g)].map((match) => [match[1] as string, match[2] as string] as const),
  ),
);
// What each variable is when nothing sets it: the schema's own defaults.
const defaults = parseEnv(configSchema, {}) as Record<string, unknown>;
// Shown without a value on purpose: each process has its own name, and the cursor key's default is public.
const SHOWN_EMPTY = new Set(['SERVICE_NAME', 'CURSOR_SECRET']);

/** The comment lines right above `# NAME=`, joined: what .env.example says of the variable. */
function commentAbove(name: string): string {
  const at = lines.findIndex((line) => line.startsWith(`# ${name}=`));
  const above: string[] = [];
  for (let index = at - 1; index >= 0 && /^# (?![A-Z][A-Z0-9_]+=)/.test(lines[index] ?? ''); index--)
    above.unshift((lines[index] ?? '').slice(2));
  return above.join(' ');
}

/** The description `documented()` gave a variable (on the schema inside its default or optional). */
function description(schema: z.ZodMiniType): string | undefined {
  const inner = (schema._zod.def as { innerType?: z.ZodMiniType }).innerType;
  return z.globalRegistry.get(schema)?.description ?? (inner && z.globalRegistry.get(inner)?.description);
}

describe('.env.example', () => {
  it('when the handler config schema has a variable, then .env.example lists it', () => {
    const missing = Object.keys(configSchema.shape).filter((name) => !listed.has(name));
    expect(missing).toEqual([]);
  });

  it("when a variable is listed, then its comment begins with the schema's description of it", () => {
    const differing = Object.entries(configSchema.shape)
      .map(([name, schema]) => ({ name, schema: description(schema), example: commentAbove(name) }))
      .filter(({ schema, example }) => schema === undefined || !example.startsWith(schema));
    expect(differing).toEqual([]);
  });

  it('when .env.example is copied to .env as it is, then it sets nothing: every line is a comment or blank', () => {
    // An uncommented line would override the stack's own settings (ports, endpoints) or, under
    // NODE_ENV=production, hand the handlers a value they refuse (the public cursor key).
    const set = lines.filter((line) => line.trim() !== '' && !line.startsWith('#'));
    expect(set).toEqual([]);
  });

  it('when .env.example shows a value, then it is the true default; a variable without a default shows none', () => {
    const wrong = [...listed]
      .filter(([name]) => name in configSchema.shape)
      .filter(([name, shown]) => {
        const actual = SHOWN_EMPTY.has(name) ? undefined : defaults[name];
        return shown !== (actual === undefined ? '' : String(actual));
      });
    expect(wrong).toEqual([]);
  });

  it('when .env.example lists the cursor key, then never with a value (the default is public)', () => {
    expect(listed.get('CURSOR_SECRET')).toBe('');
    expect(example).not.toContain(String(defaults.CURSOR_SECRET));
  });
});
