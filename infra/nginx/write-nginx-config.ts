/** Writes infra/nginx/nginx.conf and nginx-jwt.conf (AUTH=jwt), the Compose router's configs, from the topology. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../src/repo-root.js';
import { composeNginxConfig } from './render-nginx-config.js';

for (const [name, jwt] of [
  ['nginx.conf', false],
  ['nginx-jwt.conf', true],
] as const) {
  const target = join(REPO_ROOT, 'infra/nginx', name);
  writeFileSync(target, composeNginxConfig({ jwt }));
  console.log(`wrote ${target}`);
}
