/**
 * ALB path patterns: case-sensitive, matched against the whole path, where `*` matches any run of
 * characters (slashes included) and `?` exactly one character.
 */
export function compilePathPattern(pattern: string): RegExp {
  return new RegExp(`^${pathPatternSource(pattern)}$`);
}

/** The regex source of a path pattern, unanchored; nginx's generated config uses it too. */
export function pathPatternSource(pattern: string): string {
  return [...pattern].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
}
