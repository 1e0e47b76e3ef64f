/**
 * What must be stopped however the run ends (normally, on an error, on Ctrl-C): each task is
 * registered when its process starts and removed once stopped normally, so it runs at most once.
 */
export class Cleanup {
  private readonly tasks = new Set<() => Promise<void>>();

  /** Registers a task; the returned function unregisters it. */
  add(task: () => Promise<void>): () => void {
    this.tasks.add(task);
    return () => this.tasks.delete(task);
  }

  /** Runs every registered task, newest first, never throwing. */
  async runAll(): Promise<void> {
    const tasks = [...this.tasks].reverse();
    this.tasks.clear();
    for (const task of tasks) await task().catch((error: unknown) => console.error(`cleanup: ${(error as Error).message}`));
  }

  /** On Ctrl-C or SIGTERM: runs every task, then exits with the signal's conventional code. */
  runOnSignals(): void {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        console.error(`\n${signal}: stopping every process the bench started…`);
        void this.runAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
      });
    }
  }
}
