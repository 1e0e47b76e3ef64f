/**
 * The stages of a multi-stage Dockerfile by name (`FROM … AS <name>`), each from its FROM line to
 * the next; an unnamed stage is keyed by its index. Enough to check what a target runs as and
 * which stages it copies from, without an engine.
 */
export function dockerfileStages(text: string): Map<string, string> {
  const stages = new Map<string, string>();
  const parts = text.split(/^(?=FROM\s)/m).filter((part) => /^FROM\s/.test(part));
  parts.forEach((part, index) => stages.set(/^FROM\s.*\sAS\s+(\S+)/i.exec(part)?.[1] ?? String(index), part));
  return stages;
}
