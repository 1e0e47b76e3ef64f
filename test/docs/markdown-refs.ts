/**
 * What a Markdown page points at: its links, the repository paths it names in code spans, the
 * `make` targets it names, and the anchors its headings make. Plain string work, no Markdown
 * parser: the docs use a small, regular subset (ATX headings, inline links, fenced code).
 */

export interface Link {
  readonly target: string;
  readonly line: number;
}

const FENCE = /^\s*(```|~~~)/;

/** The page split into prose lines and code lines (fenced blocks), with their line numbers. */
function split(markdown: string): { prose: Array<[string, number]>; code: Array<[string, number]> } {
  const prose: Array<[string, number]> = [];
  const code: Array<[string, number]> = [];
  let fenced = false;
  markdown.split('\n').forEach((text, index) => {
    if (FENCE.test(text)) fenced = !fenced;
    else (fenced ? code : prose).push([text, index + 1]);
  });
  return { prose, code };
}

/** Inline links and images, `[text](target)`, outside code spans and fenced blocks. */
export function links(markdown: string): Link[] {
  return split(markdown).prose.flatMap(([text, line]) =>
    [...text.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => ({ target: match[1] as string, line })),
  );
}

/** The text of every code span on prose lines, and every line of the fenced blocks. */
function codeTexts(markdown: string): Array<[string, number]> {
  const { prose, code } = split(markdown);
  const spans = prose.flatMap(([text, line]) =>
    [...text.matchAll(/`([^`]+)`/g)].map((match): [string, number] => [match[1] as string, line]),
  );
  return [...spans, ...code];
}

/**
 * Code spans that are a path in the repository, such as `core/src/config.ts` or `docker/`: one
 * slash at least, no placeholder (`<stage>`, `…`), glob or brace, and not a URL path (`/picus/…`).
 */
export function pathSpans(markdown: string): Link[] {
  const { prose } = split(markdown);
  return prose.flatMap(([text, line]) =>
    [...text.matchAll(/`([^`\s]+)`/g)]
      .map((match) => match[1] as string)
      .filter((span) => /^\.?[\w@-][\w.@-]*(\/[\w.@-]+)*\/[\w.@-]*$/.test(span) && !/:\/\//.test(span))
      .map((target) => ({ target, line })),
  );
}

/** Every `make <target>` named in code, as a shell would read it (`make logs SERVICE=api` → logs). */
export function makeTargets(markdown: string): Link[] {
  return codeTexts(markdown).flatMap(([text, line]) =>
    [...text.matchAll(/(?:^|[\s;&|(`$])make ([a-z][\w-]*)/g)].map((match) => ({ target: match[1] as string, line })),
  );
}

/** The anchors GitHub makes for the page's headings (`## The cursor key` → `the-cursor-key`). */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [text] of split(markdown).prose) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!heading) continue;
    const slug = (heading[1] as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}
