import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { median, round } from './stats.js';

/**
 * How fast this machine's virtual CPUs ran during each row, relative to the start of the run.
 *
 * On a virtual machine whose host is busy, the host takes time from the guest's CPUs. Where the
 * guest is told (the `steal` column of /proc/stat), that time is accounted apart; on the VMs these
 * benches run on it reads 0, and the stolen time is charged to whatever process was running. A
 * run then shows every process's CPU per request 3-4× higher and req/s 3-4× lower, with nothing
 * else running on the machine (measured: two runs of the same bench minutes apart, router get
 * 609/s against 1,700/s, health on the api 973 µs/req against 210 µs/req).
 *
 * The probe tells such rows apart: a process of its own does a fixed piece of integer work every
 * 100 ms (about 0.7 ms, under 1 % of a core) and reports the CPU time it took. Our own load does not
 * change that figure (measured: the same median, 778 against 753 µs, with both cores busy with
 * other processes), because waiting for a core is not CPU time; time stolen by the host is.
 */
const PROBE_SOURCE = `
let seed = 1;
function unit() {
  let x = seed;
  for (let i = 0; i < 400000; i += 1) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; }
  seed = x | 1;
}
for (let i = 0; i < 50; i += 1) unit();
setInterval(() => {
  const before = process.cpuUsage();
  unit();
  const spent = process.cpuUsage(before);
  process.stdout.write((spent.user + spent.system) + '\\n');
}, 100);
`;

/** How long the probe runs alone at the start of the bench to set the reference. */
const CALIBRATION_MS = 2_000;

export interface VcpuProbe {
  /** The probe's median CPU µs per unit while nothing of ours ran: what speed 1.0 means. */
  readonly referenceUs: number;
  /** Starts a window; `speed()` at its end gives reference ÷ the window's median (1.0 = as fast as at the start). */
  window(): { speed(): number | undefined };
  stop(): void;
}

export async function startVcpuProbe(): Promise<VcpuProbe> {
  const child: ChildProcess = spawn(process.execPath, ['-e', PROBE_SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const samples: number[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const value = Number(line);
    if (Number.isFinite(value) && value > 0) samples.push(value);
  });
  await new Promise((resolve) => setTimeout(resolve, CALIBRATION_MS));
  const referenceUs = samples.length > 0 ? median(samples) : 0;
  return {
    referenceUs: round(referenceUs, 0),
    window() {
      const from = samples.length;
      return {
        speed: () => {
          const during = samples.slice(from);
          return referenceUs > 0 && during.length > 0 ? round(referenceUs / median(during), 2) : undefined;
        },
      };
    },
    stop: () => {
      child.kill();
    },
  };
}
