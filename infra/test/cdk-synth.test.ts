import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { synth } from './cdk-support.js';

// A synth takes seconds on an idle machine and much longer on a busy one; the policy plugins more.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

describe('synthesis with bundling', () => {
  it('when the local target is synthesized with bundling, then scripts/bundle.mjs (no Docker) stages the Lambda code `make build` makes', () => {
    const { app } = synth({ target: 'local' }, { bundle: true });
    const { directory } = app.synth();
    const bundles = readdirSync(directory)
      .filter((name) => name.startsWith('asset.'))
      .map((name) => join(directory, name, 'index.mjs'))
      .filter((path) => existsSync(path));
    expect(bundles).toHaveLength(1);
    const code = readFileSync(bundles[0] as string, 'utf8');
    // The deployed handler is ours: its marker header and the request-id logic are in the bundle.
    expect(code).toContain('x-served-by');
    expect(code).toContain('delete-fn');
    // It is scripts/bundle.mjs's artifact, not an esbuild run of CDK's own: its require banner, and the
    // code only a dynamic import() loads split into chunks/ beside it.
    expect(code.startsWith("import { createRequire as __createRequire } from 'node:module';")).toBe(true);
    expect(code).toMatch(/from\s*"\.\/chunks\/chunk-[A-Z0-9]+\.mjs"/);
    expect(existsSync(`${bundles[0] as string}.map`)).toBe(true);
  });
});
