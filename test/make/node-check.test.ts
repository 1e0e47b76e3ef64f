import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@picus/infra';

// `make` on a Node older than package.json's engines.node: one line, and no target runs. An old
// Node is one found on the machine (/usr/bin/node, say); where there is none, that case skips.
const which = (name: string) => spawnSync('bash', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find((candidate) => {
  const major = Number(spawnSync(candidate, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout?.trim());
  return Number.isInteger(major) && major > 0 && major < 22;
});
if (!oldNode) console.warn('"make on an old Node" skipped: no Node older than 22 is installed here.');

/** A PATH of its own: make, its shells, and the given node (or none). */
function pathWith(node: string | undefined): string {
  const bin = mkdtempSync(join(tmpdir(), 'picus-node-check-'));
  for (const tool of ['make', 'bash', 'sh']) symlinkSync(which(tool), join(bin, tool));
  if (node) symlinkSync(node, join(bin, 'node'));
  return bin;
}

// As a user's own `make`: not a sub-make of `make test`, whose MAKEFLAGS/MAKELEVEL would make it print
// "Entering directory" lines.
const { MAKEFLAGS: _flags, MFLAGS: _mflags, MAKELEVEL: _level, ...userEnv } = process.env;
const make = (path: string) =>
  spawnSync('make', ['build'], { cwd: REPO_ROOT, env: { ...userEnv, PATH: path }, encoding: 'utf8', timeout: 30_000 });

describe('make on the wrong Node', () => {
  it.skipIf(!oldNode)('when the Node first on PATH is older than 22, then make prints one line naming it and runs nothing', () => {
    const result = make(pathWith(oldNode));
    const version = spawnSync(oldNode ?? '', ['--version'], { encoding: 'utf8' }).stdout.trim();
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringContaining(`Node 22 or later is needed, found ${version}: \`nvm use\``),
    ]);
  });

  it('when no Node is on PATH, then make says so in one line', () => {
    const result = make(pathWith(undefined));
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('Node 22 or later is needed, found none on PATH')]);
  });
});
