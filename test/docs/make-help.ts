import { execFileSync } from 'node:child_process';

const ESCAPE = String.fromCharCode(27);

/** `make help` as a user reads it: one `target  description` line each, colours stripped. */
export function makeHelp(root: string): Map<string, string> {
  const help = execFileSync('make', ['--no-print-directory', '-s', 'help'], { cwd: root, encoding: 'utf8' });
  const lines = help
    .split(ESCAPE)
    .join('')
    .replace(/\[[\d;]*m/g, '')
    .split('\n');
  return new Map(
    lines.flatMap((line) => {
      const match = /^\s*(\S+)\s*(.*)$/.exec(line);
      return match ? [[match[1] as string, (match[2] as string).trim()] as const] : [];
    }),
  );
}
