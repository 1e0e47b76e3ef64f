import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs script without type declarations; it is the generator itself.
import { renderGeneratedFiles } from '../../scripts/generate.mjs';

describe('generated files', () => {
  it('when openapi.yaml changes, then the committed types and document must be regenerated', async () => {
    const files = (await renderGeneratedFiles()) as Record<string, string>;
    for (const [path, expected] of Object.entries(files)) {
      expect(readFileSync(path, 'utf8'), `${path} is stale: run \`npm run generate\``).toBe(expected);
    }
  });
});
