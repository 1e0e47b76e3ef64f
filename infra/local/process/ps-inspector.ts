import { execFileSync } from 'node:child_process';

/** What `ps` tells of one process. */
export interface ProcessInfo {
  readonly pid: number;
  /** The state letters, e.g. `S`, `R`, `Z` (a zombie: exited, not yet reaped). */
  readonly state: string;
  /** The whole command line. */
  readonly command: string;
}

/**
 * Looks processes up with `ps`, which Linux and macOS both have (`-o pid=,stat=,command=`, one
 * `-p` per pid), rather than reading the Linux-only process file system, which macOS lacks. One
 * `ps` run answers for every pid.
 */
export function inspectProcesses(pids: readonly number[]): Map<number, ProcessInfo> {
  const found = new Map<number, ProcessInfo>();
  if (pids.length === 0) return found;
  let output: string;
  try {
    output = execFileSync('ps', ['-o', 'pid=,stat=,command=', ...pids.flatMap((pid) => ['-p', String(pid)])], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (error) {
    // ps exits 1 when none of the pids exists; what it printed still counts.
    output = String((error as { stdout?: unknown }).stdout ?? '');
  }
  for (const line of output.split('\n')) {
    const match = /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (match) found.set(Number(match[1]), { pid: Number(match[1]), state: match[2] ?? '', command: match[3] ?? '' });
  }
  return found;
}

/**
 * True while the process runs. A process that has exited but not been reaped (a zombie) counts as
 * gone: `make up`'s services are re-parented to init when the CLI exits, and init may reap late.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const info = inspectProcesses([pid]).get(pid);
  return info !== undefined && !info.state.startsWith('Z');
}

/**
 * The pids (of those given) that still run a command carrying `token`: the stack passes each
 * service a token of its run on the command line, so a pid the system has since given to another
 * process is never taken for ours.
 */
export function runningWithToken(pids: readonly number[], token: string): Set<number> {
  const live = new Set<number>();
  for (const info of inspectProcesses(pids).values()) {
    if (!info.state.startsWith('Z') && info.command.includes(token)) live.add(info.pid);
  }
  return live;
}
