/**
 * ALB path patterns: case-sensitive, matched against the whole path, where `*` matches any run of
 * characters (slashes included) and `?` exactly one character.
 */
export function compilePathPattern(pattern: string): RegExp {
  const source = [...pattern]
    .map((char) => {
      if (char === '*') return '.*';
      if (char === '?') return '.';
      return char.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}
