import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { synth } from './cdk-support.js';

// A synth takes seconds on an idle machine and much longer on a busy one.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('Node 22 everywhere it is chosen', () => {
  it('when engines, devEngines, .nvmrc, the images, the Lambda and the Node fetch are read, then all say 22', () => {
    const manifest = JSON.parse(read('package.json')) as {
      engines: { node: string };
      devEngines: Record<string, { name: string; version: string }>;
    };
    // 22.15: what OpenTelemetry 3 needs. npm 11.16: the first to enforce allowScripts.
    expect(manifest.engines.node).toBe('>=22.15');
    expect(manifest.devEngines.runtime).toMatchObject({ name: 'node', version: '>=22.15' });
    expect(manifest.devEngines.packageManager).toMatchObject({ name: 'npm', version: '>=11.16' });
    expect(read('.nvmrc').trim()).toBe('22');
    {
      const dockerfile = 'docker/Dockerfile';
      const text = read(dockerfile);
      // FROM names an image, a build argument's default (`ARG X=node:22…`, `FROM ${X}`) or an earlier stage.
      const defaults = Object.fromEntries([...text.matchAll(/^ARG\s+(\w+)=(\S+)/gm)].map((m) => [m[1], m[2]]));
      const stages = new Set([...text.matchAll(/^FROM\s.*\sAS\s+(\S+)/gim)].map((m) => m[1]));
      const bases = [...text.matchAll(/^FROM\s+(?:--platform=\S+\s+)?(\S+)/gm)]
        .map((m) => (m[1] ?? '').replace(/^\$\{(\w+)\}$/, (_whole, name: string) => defaults[name] ?? `unset ${name}`))
        .filter((base) => !stages.has(base));
      expect(bases.length, dockerfile).toBeGreaterThan(0);
      for (const base of bases) expect(base, dockerfile).toMatch(/^node:22\b/);
    }
    expect(read('scripts/node.sh')).toMatch(/^\s*22\) default=22\.\d+\.\d+ ;;$/m);
    expect(read('scripts/bundle.mjs')).toContain("target: 'node22'");
    expect(read('.github/workflows/ci.yml')).toContain('node-version-file: .nvmrc');
  });

  it('when the Lambda is synthesized, then it runs nodejs22.x', () => {
    synth({ target: 'local' }).template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x' });
  });
});
