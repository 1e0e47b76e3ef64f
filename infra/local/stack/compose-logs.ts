import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ComposeOptions } from './compose.js';
import { createLineFormatter, type LogView } from './logs.js';

/** `api-1    | {"level":…}` → the service (replica number dropped) and the line as the service wrote it. */
const PREFIXED = /^([a-z0-9][a-z0-9_.-]*?)(?:-\d+)?\s*\| ?(.*)$/i;
// Compose clears the terminal line before each one even with --no-color.
const CONTROL = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');

/**
 * `make logs` under Compose: `docker compose logs --follow`, each line shown as the embedded
 * stack's `make logs` shows it, so LOG_FORMAT (pretty, json) and REQUEST (one request's lines from
 * every service) work the same on both stacks. Ends when Compose does (Ctrl-C).
 */
export function followComposeLogs(options: ComposeOptions, view: LogView): Promise<number> {
  const [command = 'docker', ...prefix] = options.compose.command;
  const child = spawn(
    command,
    [...prefix, '--project-name', options.project, 'logs', '--follow', '--no-color', ...(view.service ? [view.service] : [])],
    {
      cwd: options.repoRoot,
      env: { ...options.env, COMPOSE_PROFILES: 'localstack,embedded' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const format = createLineFormatter(view);
  createInterface({ input: child.stdout }).on('line', (raw) => {
    const line = raw.replace(CONTROL, '');
    const match = PREFIXED.exec(line);
    const shown = match ? format(match[1] ?? '', match[2] ?? '') : view.requestId === undefined ? line : undefined;
    if (shown !== undefined) console.log(shown);
  });
  // Ctrl-C reaches Compose too (same process group); a SIGINT to this process alone is passed on.
  process.once('SIGINT', () => child.kill('SIGINT'));
  return new Promise((resolve) => {
    child.on('error', (error) => {
      console.error(`${options.compose.command.join(' ')} failed to run: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code) => resolve(code ?? 0));
  });
}
