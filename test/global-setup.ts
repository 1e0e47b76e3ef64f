import { execFileSync } from 'node:child_process';

/**
 * Bundles every runnable process once before the suites run: the journey, router and fault tests
 * start the real processes from dist/, and must never run a stale build. esbuild takes ~2 s.
 */
export default function buildBundles(): void {
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
}
