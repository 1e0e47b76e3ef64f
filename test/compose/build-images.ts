import { buildImages, PROJECT_IMAGES } from '../../infra/local/stack/docker-images.js';
import { dockerEngineAnswers } from '../../infra/local/stack/compose.js';
import { REPO_ROOT } from '@picus/infra';

/**
 * Builds the project's images once before the Docker suites (a cache hit when nothing changed).
 * With REQUIRE_DOCKER_TESTS=true (CI sets it) a missing engine fails the run instead of letting
 * every Docker test skip.
 */
export default function setup(): void {
  if (!dockerEngineAnswers()) {
    if (process.env.REQUIRE_DOCKER_TESTS === 'true') throw new Error('REQUIRE_DOCKER_TESTS=true but no Docker engine answers (`docker info`): start dockerd.');
    return;
  }
  const started = performance.now();
  const failure = buildImages({ repoRoot: REPO_ROOT, images: PROJECT_IMAGES, env: process.env, caFile: process.env.NODE_EXTRA_CA_CERTS, log: () => undefined });
  if (failure) throw new Error(failure);
  console.log(`Docker suites: images ${PROJECT_IMAGES.map(({ image }) => image).join(', ')} built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
