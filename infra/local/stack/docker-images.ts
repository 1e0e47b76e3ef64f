import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The one Dockerfile every image is a target of (built from the repository root). */
export const DOCKERFILE = 'docker/Dockerfile';

/** The images this repository builds for Compose: each a target of {@link DOCKERFILE}. */
export const PROJECT_IMAGES = [
  { image: 'picus-api', target: 'api', service: 'api' },
  { image: 'picus-delete-fn', target: 'delete-fn', service: 'delete-fn' },
  { image: 'picus-dynamodb', target: 'dynamodb', service: 'dynamodb' },
] as const;
export type ProjectImage = (typeof PROJECT_IMAGES)[number];

/** The last LocalStack tag that runs without an auth token (docker-compose.yml names the same). */
export const LOCALSTACK_IMAGE = 'localstack/localstack:4.14';

/** Every `docker` executable on PATH, in PATH order, each once. */
function dockerClients(path: string): string[] {
  const found = new Map<string, string>();
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'docker');
    try {
      accessSync(candidate, constants.X_OK);
      const real = realpathSync(candidate);
      if (!found.has(real)) found.set(real, candidate);
    } catch {
      // not here
    }
  }
  return [...found.values()];
}

/**
 * A docker client whose `docker build` runs BuildKit, which the Dockerfiles need (RUN --mount for
 * the CA secret and the npm cache): one with the buildx plugin (Docker 23 and later build with it),
 * or a client before 23, whose built-in BuildKit DOCKER_BUILDKIT=1 turns on. A newer client without
 * buildx has only the legacy builder, so a machine with both (as Debian's docker.io next to a
 * static 28.x client) takes the one that can.
 */
export function findBuildKitClient(path: string): string | undefined {
  for (const client of dockerClients(path)) {
    if (spawnSync(client, ['buildx', 'version'], { stdio: 'ignore', timeout: 10_000 }).status === 0) return client;
    const version = spawnSync(client, ['version', '--format', '{{.Client.Version}}'], { encoding: 'utf8', timeout: 10_000 }).stdout ?? '';
    const major = Number(version.trim().split('.')[0]);
    if (Number.isInteger(major) && major > 0 && major < 23) return client;
  }
  return undefined;
}

export interface BuildOptions {
  readonly repoRoot: string;
  readonly images: readonly ProjectImage[];
  /** The environment the builds run in; its PATH is searched for a BuildKit-capable docker client. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A CA bundle for a TLS-intercepting proxy (NODE_EXTRA_CA_CERTS): passed as a build secret, never copied into a layer. */
  readonly caFile?: string | undefined;
  readonly log?: (line: string) => void;
}

/**
 * Builds the project's images with BuildKit. Unchanged sources make this a cache hit of a few
 * seconds; the dependency install (the Dockerfile's `workspace` stage) is shared by all images. Returns an error message, or undefined.
 */
export function buildImages(options: BuildOptions): string | undefined {
  const log = options.log ?? ((line: string) => console.log(line));
  const client = findBuildKitClient(options.env.PATH ?? '');
  if (!client) return 'No docker client here can build with BuildKit (the Dockerfiles use RUN --mount): install the buildx plugin (https://docs.docker.com/build/).';
  const secret = options.caFile && existsSync(options.caFile) ? ['--secret', `id=npm_ca,src=${options.caFile}`] : [];
  for (const { image, target } of options.images) {
    const started = performance.now();
    const result = spawnSync(client, ['build', '--progress=plain', ...secret, '-f', DOCKERFILE, '--target', target, '-t', image, '.'], {
      cwd: options.repoRoot,
      env: { ...options.env, DOCKER_BUILDKIT: '1' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      // A first build installs the workspace (about a minute); bound it all the same.
      timeout: 15 * 60_000,
    });
    if (result.status !== 0) {
      const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trimEnd().split('\n').slice(-25).join('\n');
      return `Building ${image} (${DOCKERFILE}, target ${target}) failed${result.error ? ` (${result.error.message})` : ''}:\n${output}`;
    }
    log(`  built ${image.padEnd(16)} target ${target.padEnd(10)} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  return undefined;
}

/** True when the image is in the engine's store. */
export function imagePresent(image: string): boolean {
  return spawnSync('docker', ['image', 'inspect', image], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}
