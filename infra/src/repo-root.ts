import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: the nearest folder above this module that holds `openapi.yaml`. Found by
 * what it holds rather than by counting folders, because this module runs from its source and
 * from bundles at other depths (infra/dist, infra/local/dist).
 */
export const REPO_ROOT = (() => {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'openapi.yaml'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`No openapi.yaml above ${fileURLToPath(import.meta.url)}: cannot find the repository root.`);
    folder = parent;
  }
  return folder;
})();
