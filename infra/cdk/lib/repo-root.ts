import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root. This file is three folders down as source (infra/cdk/lib); the app runs as a
 * bundle in infra/dist, two folders down, so look for the root by what it holds.
 */
export const REPO_ROOT = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.endsWith('/dist') ? resolve(here, '../..') : resolve(here, '../../..');
})();
