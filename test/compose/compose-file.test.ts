import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { topology } from '@picus/infra';

interface Service {
  image?: string;
  profiles?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
  read_only?: boolean;
  tmpfs?: string[];
  networks?: { default?: { aliases?: string[] } };
  build?: { target: string; secrets?: string[] };
  develop?: { watch: Array<{ action: string; path: string }> };
}
const composeFile = new URL('../../docker-compose.yml', import.meta.url).pathname;
const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as {
  name?: string;
  services: Record<string, Service>;
  secrets?: Record<string, { file: string }>;
};
// `docker compose config` needs the Compose v2 client, not an engine.
const composeV2 = spawnSync('docker', ['compose', 'version', '--short'], { encoding: 'utf8', timeout: 10_000 }).stdout?.trim() ?? '';
if (!/^v?2\./.test(composeV2))
  console.warn('docker compose config check skipped: the Compose v2 plugin is not installed (https://docs.docker.com/compose/install/).');

describe('docker-compose.yml', () => {
  it.skipIf(!/^v?2\./.test(composeV2))(
    'when validated by docker compose (v2, no engine needed) with each DynamoDB profile, then it is valid',
    () => {
      for (const profile of ['localstack', 'embedded']) {
        const result = spawnSync('docker', ['compose', '-f', composeFile, 'config', '--quiet'], {
          encoding: 'utf8',
          timeout: 30_000,
          env: { ...process.env, COMPOSE_PROFILES: profile },
        });
        expect(result.stderr, profile).toBe('');
        expect(result.status, profile).toBe(0);
      }
    },
  );

  it('when read, then it names its project, builds with the proxy CA as a secret, and rebuilds a handler when its sources change', () => {
    expect(compose.name).toBe('picus');
    expect(compose.secrets?.npm_ca?.file).toBe('${NODE_EXTRA_CA_CERTS:-/dev/null}');
    for (const service of ['api', 'delete-fn', 'dynamodb']) expect(compose.services[service]?.build?.secrets, service).toEqual(['npm_ca']);
    for (const [service, folder] of [
      ['api', './api/src'],
      ['delete-fn', './delete-fn/src'],
    ] as const) {
      const watched = compose.services[service]?.develop?.watch ?? [];
      expect(
        watched.map((rule) => rule.path),
        service,
      ).toEqual(expect.arrayContaining(['./core/src', folder, './openapi.yaml']));
      for (const rule of watched) expect(rule.action, service).toBe('rebuild');
    }
  });

  it('when read, then each service publishes the topology port it listens on, on 127.0.0.1 unless BIND_ADDRESS says otherwise', () => {
    const published = (service: string) => compose.services[service]?.ports?.[0];
    expect(published('router')).toBe(`\${BIND_ADDRESS:-127.0.0.1}:\${ROUTER_PORT:-8080}:${topology.localPorts.router}`);
    expect(published('api')).toBe(`\${BIND_ADDRESS:-127.0.0.1}:\${API_PORT:-8000}:${topology.targetGroups.api.port}`);
    expect(published('delete-fn')).toBe(`\${BIND_ADDRESS:-127.0.0.1}:\${DELETE_FN_PORT:-9000}:${topology.targetGroups['delete-fn'].port}`);
    for (const dynamodb of ['localstack', 'dynamodb'])
      expect(published(dynamodb)).toBe(`\${BIND_ADDRESS:-127.0.0.1}:\${DYNAMODB_PORT:-4566}:${topology.localPorts.dynamodb}`);
  });

  it('when read, then LocalStack is pinned to the last tokenless tag, gets the Docker socket for its Lambdas, and keeps paid persistence off', () => {
    const localstack = compose.services.localstack;
    expect(localstack?.image).toBe('localstack/localstack:4.14');
    expect(localstack?.environment?.LOCALSTACK_AUTH_TOKEN).toBe('${LOCALSTACK_AUTH_TOKEN:-}');
    expect(localstack?.environment?.PERSISTENCE).toBe('${LOCALSTACK_PERSISTENCE:-0}');
    // The engine's socket is root on the host: only the deploy-local profile's LocalStack gets it.
    expect(localstack?.volumes).not.toContain('/var/run/docker.sock:/var/run/docker.sock');
    expect(compose.services['localstack-lambda']?.volumes).toContain('/var/run/docker.sock:/var/run/docker.sock');
    expect(compose.services['localstack-lambda']?.profiles).toEqual(['deploy-local']);
  });

  it('when read, then the two DynamoDB choices are profiles, both reachable as "dynamodb", and only the embedded one keeps its data in a named volume', () => {
    expect(compose.services.localstack?.profiles).toEqual(['localstack']);
    expect(compose.services['table-bootstrap']?.profiles).toEqual(['localstack']);
    expect(compose.services.dynamodb?.profiles).toEqual(['embedded']);
    expect(compose.services.localstack?.networks?.default?.aliases).toEqual(['dynamodb']);
    expect(compose.services.dynamodb?.volumes).toEqual(['dynamodb-data:/data']);
    expect(compose.services.api?.environment?.DYNAMODB_ENDPOINT).toBe('http://dynamodb:4566');
    for (const service of ['api', 'delete-fn', 'router']) expect(compose.services[service]?.profiles, service).toBeUndefined();
  });

  it('when read, then our services run read-only, the router writing only to a tmpfs, and the router waits for healthy handlers', () => {
    for (const service of ['api', 'delete-fn', 'dynamodb', 'router', 'table-bootstrap', 'console', 'auth'])
      expect(compose.services[service]?.read_only, service).toBe(true);
    expect(compose.services.router?.tmpfs).toEqual(['/tmp']);
    // nginx-jwt.conf under AUTH=jwt, which also starts the verifier (profile auth) the router then waits for.
    expect(compose.services.router?.volumes).toContain('./infra/nginx/${ROUTER_CONFIG:-nginx.conf}:/etc/nginx/nginx.conf:ro');
    expect(compose.services.router?.depends_on).toEqual({
      api: { condition: 'service_healthy' },
      'delete-fn': { condition: 'service_healthy' },
      console: { condition: 'service_healthy' },
      auth: { condition: 'service_healthy', required: false },
    });
    expect(compose.services.auth?.profiles).toEqual(['auth']);
    for (const service of ['localstack', 'dynamodb', 'api', 'delete-fn', 'router', 'console'])
      expect(compose.services[service]?.healthcheck, service).toBeDefined();
  });

  it('when read, then the console is published on 127.0.0.1 only, at the topology port, both handlers send it their spans, and nginx its access log', () => {
    expect(compose.services.console?.ports).toEqual([
      `127.0.0.1:\${CONSOLE_PORT:-${topology.localPorts.console}}:${topology.localPorts.console}`,
    ]);
    for (const service of ['api', 'delete-fn'])
      expect(compose.services[service]?.environment?.OTEL_EXPORTER_OTLP_ENDPOINT, service).toBe(
        `http://console:${topology.localPorts.console}`,
      );
    expect(compose.services.console?.environment?.ROUTER_ACCESS_LOG_PORT).toBe('5140');
    expect(readFileSync(new URL('../../infra/nginx/nginx.conf', import.meta.url), 'utf8')).toContain(
      'access_log syslog:server=console:5140',
    );
  });
});
