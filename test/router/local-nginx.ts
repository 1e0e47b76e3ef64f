import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@picus/infra';
import type { EmbeddedStack } from '@picus/local';
import { waitFor } from '@picus/testkit';
import { renderNginxConfig, type NginxConfigOptions } from '../../infra/nginx/render-nginx-config.js';

/** The host's nginx, when one is installed; the parity tests skip without it and say so. */
export const nginxBinary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => spawnSync(path, ['-v']).status === 0);

export interface LocalNginx {
  readonly url: string;
  /** The folder nginx runs out of (its config, logs and temp files). */
  readonly prefix: string;
  stop(): void;
}

/**
 * Real nginx running the config the Compose router gets (infra/nginx/render-nginx-config.ts), in
 * front of an embedded stack's handlers, unprivileged, out of a folder of its own, on a free port.
 * Resolves once it answers health.
 */
export async function startNginxBefore(
  stack: EmbeddedStack,
  options: Omit<NginxConfigOptions, 'listenPort' | 'upstreams' | 'prefix'> = {},
): Promise<LocalNginx> {
  if (!nginxBinary) throw new Error('no nginx binary (apt-get install nginx)');
  const prefix = mkdtempSync(join(tmpdir(), 'picus-nginx-'));
  mkdirSync(join(prefix, 'logs'), { recursive: true });
  const port = await freePort();
  const upstreams = { api: [`127.0.0.1:${stack.processes.api.port}`], 'delete-fn': [`127.0.0.1:${stack.processes['delete-fn'].port}`] };
  writeFileSync(join(prefix, 'nginx.conf'), renderNginxConfig({ ...options, listenPort: port, prefix, upstreams }));
  const nginx = spawn(nginxBinary, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'inherit' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    () =>
      fetch(`${url}/picus/health`).then(
        (response) => response.ok,
        () => false,
      ),
    { what: 'nginx to answer health', timeoutMs: 10_000 },
  );
  return { url, prefix, stop: () => void nginx.kill('SIGTERM') };
}
