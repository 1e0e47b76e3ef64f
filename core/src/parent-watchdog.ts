/**
 * Exits this process when its parent is gone. Tests and `make dev` start services as child
 * processes; if the test runner is killed, Linux re-parents the children instead of stopping them,
 * and they would hold their ports forever. `make up` starts services detached and does not set it.
 */
export function exitWithParent(enabled: boolean, intervalMs = 500): void {
  if (!enabled) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(0);
    }
    if (process.ppid !== parent) process.exit(0);
  }, intervalMs);
  timer.unref();
}
