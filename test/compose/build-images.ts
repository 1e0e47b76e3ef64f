import { buildImages, PROJECT_IMAGES } from '../../infra/local/stack/docker-images.js';
import { dockerEngineAnswers, findCompose } from '../../infra/local/stack/compose.js';
import { REPO_ROOT } from '@picus/infra';

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
  const started = performance.now();
  const failure = buildImages({ repoRoot: REPO_ROOT, env: process.env, compose: compose.command });
  if (failure) throw new Error(failure);
  console.log(
    `Docker suites: images ${PROJECT_IMAGES.map(({ image }) => image).join(', ')} built in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
