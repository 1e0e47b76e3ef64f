import { spawnSync } from 'node:child_process';

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

export interface BuildOptions {
  readonly repoRoot: string;
  /** The environment the build runs in: NODE_EXTRA_CA_CERTS becomes the build secret `npm_ca` (docker-compose.yml). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The Compose v2 command (see compose.ts's findCompose). */
  readonly compose: readonly string[];
}

/**
 * Builds every project image as `make up` does, through Compose (BuildKit; the proxy CA a build
 * secret, never a layer). Unchanged sources make this a cache hit of a few seconds; the dependency
 * install (the Dockerfile's `workspace` stage) is shared by all images. Returns an error message, or undefined.
 */
export function buildImages(options: BuildOptions): string | undefined {
  const [command = 'docker', ...prefix] = options.compose;
  const result = spawnSync(command, [...prefix, 'build'], {
    cwd: options.repoRoot,
    // Every profile, so the embedded DynamoDB's image is built too.
    env: { ...options.env, COMPOSE_PROFILES: 'localstack,embedded' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // A first build installs what bundling needs (about a minute); bound it all the same.
    timeout: 15 * 60_000,
  });
  if (result.status === 0) return undefined;
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trimEnd().split('\n').slice(-25).join('\n');
  return `Building the images (${options.compose.join(' ')} build, ${DOCKERFILE}) failed${result.error ? ` (${result.error.message})` : ''}:\n${output}`;
}

/** True when the image is in the engine's store. */
export function imagePresent(image: string): boolean {
  return spawnSync('docker', ['image', 'inspect', image], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}
