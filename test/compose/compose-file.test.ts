import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { topology } from '@picus/infra';

const composeFile = new URL('../../docker-compose.yml', import.meta.url).pathname;
const compose = parse(readFileSync(composeFile, 'utf8')) as {
  services: Record<string, { image?: string; ports?: string[]; environment?: Record<string, string>; volumes?: string[]; depends_on?: Record<string, { condition: string }>; healthcheck?: unknown }>;
};
const dockerCompose = spawnSync('docker-compose', ['version'], { timeout: 10_000 }).status === 0;
if (!dockerCompose) console.warn('docker-compose config check skipped: Debian\'s docker-compose is not installed (apt-get install docker-compose).');

describe('docker-compose.yml', () => {
  it.skipIf(!dockerCompose)('when validated by docker-compose (1.29, no engine needed), then it is valid', () => {
    const result = spawnSync('docker-compose', ['-f', composeFile, 'config', '--quiet'], { encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('when read, then each service publishes the topology port it listens on', () => {
    const published = (service: string) => compose.services[service]?.ports?.[0]?.split(':').at(-1);
    expect(published('router')).toBe(String(topology.localPorts.router));
    expect(published('api')).toBe(String(topology.targetGroups.api.port));
    expect(published('delete-fn')).toBe(String(topology.targetGroups['delete-fn'].port));
    expect(published('localstack')).toBe(String(topology.localPorts.dynamodb));
  });

  it('when read, then LocalStack is pinned to the last tokenless tag and a token is passed through', () => {
    expect(compose.services.localstack?.image).toBe('localstack/localstack:4.14');
    expect(compose.services.localstack?.environment?.LOCALSTACK_AUTH_TOKEN).toBe('${LOCALSTACK_AUTH_TOKEN:-}');
  });

  it('when read, then the router mounts the generated nginx config and waits for healthy handlers', () => {
    expect(compose.services.router?.volumes).toContain('./infra/nginx/nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(compose.services.router?.depends_on).toEqual({ api: { condition: 'service_healthy' }, 'delete-fn': { condition: 'service_healthy' } });
    for (const service of ['localstack', 'api', 'delete-fn', 'router']) expect(compose.services[service]?.healthcheck, service).toBeDefined();
    expect(compose.services.api?.depends_on?.['table-bootstrap']?.condition).toBe('service_completed_successfully');
  });
});
