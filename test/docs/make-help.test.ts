import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeHelp } from './make-help.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('make help', () => {
  it('when the Makefile declares a phony target, then make help lists it with a description', () => {
    const makefile = readFileSync(`${ROOT}/Makefile`, 'utf8');
    const phony = [...makefile.matchAll(/^\.PHONY:\s*(.+)$/gm)].flatMap((match) => (match[1] as string).trim().split(/\s+/));
    const help = makeHelp(ROOT);
    expect(phony.filter((target) => !help.get(target))).toEqual([]);
  });
});
