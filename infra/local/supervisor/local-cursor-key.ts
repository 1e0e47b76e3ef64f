import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The key that signs list cursors when the stack runs the handlers as deployed (NODE_ENV=production),
 * where the api refuses the public default: generated once and kept in the stack's data folder
 * (readable by its owner only), so cursors stay valid across `make down` and `make up`, as they do
 * across deploys with the key in Secrets Manager.
 */
export function localCursorKey(file: string): string {
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) return kept;
  }
  const key = randomBytes(32).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
