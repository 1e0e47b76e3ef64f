/** Writes infra/nginx/nginx.conf, the Compose router's config, from the topology. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../src/repo-root.js';
import { composeNginxConfig } from './render-nginx-config.js';

const target = join(REPO_ROOT, 'infra/nginx/nginx.conf');
writeFileSync(target, composeNginxConfig());
console.log(`wrote ${target}`);
