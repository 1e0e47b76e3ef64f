import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Loads `.env` from the folder the command runs in (the repository root, for `make`) into this
 * process's environment, as Docker Compose reads the same file. A variable the real environment
 * already holds wins over the file, even when it is set to the empty string: `.env` holds a
 * developer's defaults, and `ROUTER_PORT=9090 make up` still overrides them for one run.
 * @returns the file loaded, if there was one.
 */
export function loadEnvFile(file = '.env'): string | undefined {
  const path = resolve(file);
  if (!existsSync(path)) return undefined;
  process.loadEnvFile(path);
  return path;
}
