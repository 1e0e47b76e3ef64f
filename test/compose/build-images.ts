import { buildImages, PROJECT_IMAGES } from '../../infra/local/stack/docker-images.js';
import { dockerEngineAnswers, findCompose } from '../../infra/local/stack/compose.js';
import { REPO_ROOT } from '@picus/infra';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * Builds the project's images once before the Docker suites, through Compose as `make up` does (a
 * cache hit when nothing changed). With REQUIRE_DOCKER_TESTS=true (CI sets it) a missing engine or
 * Compose v2 fails the run instead of letting every Docker test skip.
 */
export default function setup(): void {
  const compose = dockerEngineAnswers() ? findCompose(process.env) : undefined;
  if (!compose) {
    if (process.env.REQUIRE_DOCKER_TESTS === 'true')
      throw new Error('REQUIRE_DOCKER_TESTS=true but no Docker engine with Compose v2 answers (`docker info`, `docker compose version`).');
    return;
  }
  ryukOrWithout();
  const started = performance.now();
  const failure = buildImages({ repoRoot: REPO_ROOT, env: process.env, compose: compose.command });
  if (failure) throw new Error(failure);
  console.log(
    `Docker suites: images ${PROJECT_IMAGES.map(({ image }) => image).join(', ')} built in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/**
 * Ryuk, Testcontainers' reaper, runs from an image of its own. Where that image is neither here nor
 * pullable (an offline machine), the suites run without it, since each test stops its containers in
 * afterAll, and say so in one line, instead of failing the Testcontainers suite on the pull.
 */
function ryukOrWithout(): void {
  if (process.env.TESTCONTAINERS_RYUK_DISABLED === 'true') return;
  let image: string;
  try {
    // The image Testcontainers would start (RYUK_CONTAINER_IMAGE or its pinned default), from its own module.
    const reaper = createRequire(import.meta.url)('testcontainers/build/reaper/reaper.js') as { getReaperImage(): string };
    image = reaper.getReaperImage();
  } catch {
    return; // a Testcontainers that moved it: leave Ryuk to it
  }
  const docker = (...args: string[]) => spawnSync('docker', args, { stdio: 'ignore', timeout: 120_000 }).status === 0;
  if (docker('image', 'inspect', image) || docker('pull', '--quiet', image)) return;
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  console.warn(`Testcontainers: ${image} is not here and cannot be pulled, so Ryuk is off (each test stops its own containers).`);
}
