import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeHelp } from './make-help.js';
import { anchors, links, makeTargets, pathSpans } from './markdown-refs.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCS = readdirSync(join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`);
const PAGES = ['README.md', 'bench/README.md', 'contracts/README.md', '.ci/README.md', ...DOCS].filter((page) =>
  existsSync(join(ROOT, page)),
);
const read = (page: string) => readFileSync(join(ROOT, page), 'utf8');
/** Folders and files that only exist once something ran (a build, a stack, a synth): named, never checked. */
const MADE_AT_RUN_TIME = new Set(['dist', 'node_modules', 'cdk.out', '.data', '.stack', 'test-results', 'coverage']);

describe('the docs (README.md, docs/, bench/, contracts/, .ci/)', () => {
  it('when the README is read, then it is at most 250 lines', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(250);
  });

  it('when a page links to a file, then the file exists, and an #anchor names a heading of the page it points at', () => {
    const broken: string[] = [];
    for (const page of PAGES) {
      for (const { target, line } of links(read(page))) {
        // https:, mailto:: not ours to check offline.
        if (/^[a-z][a-z+.-]*:/i.test(target)) continue;
        const [path = '', anchor] = target.split('#');
        const file = path === '' ? join(ROOT, page) : resolve(ROOT, dirname(page), decodeURIComponent(path));
        const where = `${page}:${line} → ${target}`;
        if (!existsSync(file)) broken.push(`${where}: no such file`);
        else if (anchor !== undefined && (!file.endsWith('.md') || !anchors(readFileSync(file, 'utf8')).has(anchor))) {
          broken.push(`${where}: no such heading`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('when a page names a repository path in code (`core/src/config.ts`), then that path exists', () => {
    const missing: string[] = [];
    for (const page of PAGES) {
      for (const { target, line } of pathSpans(read(page))) {
        const segments = target.split('/').filter(Boolean);
        if (segments.some((segment) => MADE_AT_RUN_TIME.has(segment))) continue;
        // A path is one whose first folder is real, at the root or beside the page (bench's `results/`);
        // `application/json` or `zod/mini` are not.
        const bases = [ROOT, resolve(ROOT, dirname(page))].filter((base) => existsSync(join(base, segments[0] as string)));
        if (bases.length > 0 && !bases.some((base) => existsSync(join(base, target)))) missing.push(`${page}:${line} → ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('when a page names `make <target>`, then make help lists that target', () => {
    const targets = makeHelp(ROOT);
    const unknown = PAGES.flatMap((page) =>
      makeTargets(read(page))
        .filter(({ target }) => !targets.has(target))
        .map(({ target, line }) => `${page}:${line} → make ${target}`),
    );
    expect(unknown).toEqual([]);
  });

  it('when the pages are listed, then the README links to every page in docs/', () => {
    const readme = read('README.md');
    const unlinked = PAGES.filter((page) => page.startsWith('docs/') && !readme.includes(`](${page})`));
    expect(unlinked.map((page) => relative(ROOT, join(ROOT, page)))).toEqual([]);
  });
});
