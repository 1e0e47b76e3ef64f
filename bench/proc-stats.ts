import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * CPU time and RSS of the processes under load. On Linux they come from /proc (cheap enough to
 * sample every 100 ms, with clock-tick resolution). Elsewhere (macOS) from `ps -o rss=,time=`,
 * which costs a process spawn per sample and reports CPU time to 10 ms at best: the figures are
 * coarser, and the report says which source was used ({@link STATS_SOURCE}).
 */
export const STATS_SOURCE = process.platform === 'linux' ? '/proc/<pid>' : '`ps -o rss=,time=` (not Linux: coarser)';

/** Clock ticks per second, the unit of utime/stime in /proc/<pid>/stat (100 on every Linux we run). */
const CLOCK_TICKS = (() => {
  if (process.platform !== 'linux') return 100;
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time the process has used so far, in milliseconds; undefined once it is gone. */
export function cpuTimeMs(pid: number): number | undefined {
  if (process.platform !== 'linux') return psSample(pid)?.cpuMs;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces, so count fields from after the last ')'.
    // There, index 0 is field 3 (state); utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Resident set size in MiB (VmRSS), undefined once the process is gone. */
export function rssMiB(pid: number): number | undefined {
  if (process.platform !== 'linux') return psSample(pid)?.rssMiB;
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** `ps -o rss=,time=`: RSS in KiB and CPU time as [[dd-]hh:]mm:ss[.ss]. */
function psSample(pid: number): { rssMiB: number; cpuMs: number } | undefined {
  try {
    const [rss, time] = execFileSync('ps', ['-o', 'rss=,time=', '-p', String(pid)], { encoding: 'utf8' })
      .trim()
      .split(/\s+/);
    const [days, clock] = (time ?? '').includes('-') ? (time ?? '').split('-') : ['0', time ?? ''];
    const seconds = (clock ?? '').split(':').reduce((total, part) => total * 60 + Number(part), 0) + Number(days) * 86_400;
    return { rssMiB: Number(rss) / 1024, cpuMs: seconds * 1000 };
  } catch {
    return undefined;
  }
}

/** CPU time every core of the machine spent busy so far (all processes), in ms. */
export function machineBusyMs(): number {
  if (process.platform !== 'linux')
    return cpus().reduce((sum, core) => sum + core.times.user + core.times.nice + core.times.sys + core.times.irq, 0);
  try {
    const [, user, nice, system, , , irq, softirq, steal] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .map(Number);
    return (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

export interface ProcessUsage {
  /** CPU time (user + system) the process spent during the window, in ms. */
  readonly cpuMs: number;
  /** Highest VmRSS sampled during the window, in MiB. */
  readonly rssPeakMiB: number;
}

export interface WindowUsage {
  readonly processes: Record<string, ProcessUsage>;
  /** CPU the bench process itself (the load generator) spent, in ms. */
  readonly loadGeneratorCpuMs: number;
  /**
   * CPU spent by every other process on the machine, in ms: what was not ours. On a shared machine
   * (tests running beside the bench) this is the noise that makes a run slower than it should be.
   */
  readonly otherCpuMs: number;
  readonly wallMs: number;
}

/**
 * Watches a set of processes over a window: CPU time read at start and stop, VmRSS sampled every
 * `sampleMs` (a peak between two samples can be missed; 100 ms is far below a GC cycle under load).
 */
export function watchProcesses(pids: Readonly<Record<string, number>>, sampleMs = 100): { stop(): WindowUsage } {
  const cpuStart = new Map<string, number>();
  const rssPeak = new Map<string, number>();
  const sample = () => {
    for (const [name, pid] of Object.entries(pids)) {
      const rss = rssMiB(pid);
      if (rss !== undefined) rssPeak.set(name, Math.max(rssPeak.get(name) ?? 0, rss));
    }
  };
  for (const [name, pid] of Object.entries(pids)) cpuStart.set(name, cpuTimeMs(pid) ?? 0);
  const busyStart = machineBusyMs();
  const selfStart = process.cpuUsage();
  const wallStart = performance.now();
  sample();
  const timer = setInterval(sample, sampleMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const processes: Record<string, ProcessUsage> = {};
      for (const [name, pid] of Object.entries(pids)) {
        processes[name] = { cpuMs: (cpuTimeMs(pid) ?? 0) - (cpuStart.get(name) ?? 0), rssPeakMiB: rssPeak.get(name) ?? 0 };
      }
      const self = process.cpuUsage(selfStart);
      const loadGeneratorCpuMs = (self.user + self.system) / 1000;
      const ours = Object.values(processes).reduce((sum, usage) => sum + usage.cpuMs, loadGeneratorCpuMs);
      // Tick granularity (10 ms per process) makes small negative values possible: clamp.
      const otherCpuMs = Math.max(0, machineBusyMs() - busyStart - ours);
      return { processes, loadGeneratorCpuMs, otherCpuMs, wallMs: performance.now() - wallStart };
    },
  };
}
