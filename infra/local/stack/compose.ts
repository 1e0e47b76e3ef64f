import { spawnSync } from 'node:child_process';

/** True when a Docker engine answers (not just the client being installed). */
export function dockerEngineAnswers(): boolean {
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 5_000 });
  return result.status === 0;
}

/** Which stack `make up` runs: STACK forces one; otherwise Compose where Docker runs, embedded elsewhere. */
export function chooseStack(requested: string | undefined): 'embedded' | 'compose' {
  if (requested === 'embedded' || requested === 'compose') return requested;
  return dockerEngineAnswers() ? 'compose' : 'embedded';
}

/** Runs `docker compose …` in the foreground with the user's terminal; returns its exit code. */
export function compose(args: readonly string[]): number {
  const result = spawnSync('docker', ['compose', ...args], { stdio: 'inherit' });
  if (result.error) {
    console.error(`docker compose failed to run: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}
