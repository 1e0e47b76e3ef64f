import { execFile, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, REPO_ROOT } from '@picus/infra';
import { dockerfileStages, waitFor } from '@picus/testkit';
import { dockerEngineAnswers, findCompose, projectContainers } from '../../infra/local/stack/compose.js';
import { imagePresent, LOCALSTACK_IMAGE, DOCKERFILE, PROJECT_IMAGES } from '../../infra/local/stack/docker-images.js';
import { describeRouterJourneys } from '../journeys/router-journey-suite.js';

// The black-box journeys the embedded stack passes, against the Compose stack, started and stopped
// through the stack CLI as `make up` / `make down` do, and reached only through 127.0.0.1 ports.
const engine = dockerEngineAnswers();
const compose = engine ? findCompose(process.env) : undefined;
const skip = !engine
  ? 'no Docker engine answers here (`docker info`)'
  : !compose
    ? 'Docker answers but Compose v2 is not installed'
    : undefined;
if (skip) console.warn(`Compose stack tests skipped: ${skip}. The embedded-stack journeys run the same assertions.`);

const dynamodb = engine && imagePresent(LOCALSTACK_IMAGE) ? 'localstack' : 'embedded';
// A project of its own for each run (two runs at once do not meet), so neither a user's `make up`
// stack nor its data volume is touched.
const project = `picus-test-${process.pid}-${Date.now().toString(36)}`;
const home = mkdtempSync(join(tmpdir(), 'picus-compose-'));
// As a new user starts: `cp .env.example .env && make up`. The CLI reads `.env` from where it runs.
copyFileSync(join(REPO_ROOT, '.env.example'), join(home, '.env'));
const ports: Record<string, string> = {};
const cliScript = join(REPO_ROOT, 'infra/local/dist/stack-cli.js');
const run = promisify(execFile);

// STACK unset: plain `make up`, which picks Compose where Docker answers and Compose v2 is installed.
const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'STACK'));

/** Runs `make <command>` as the Makefile does, on the test's project and ports. */
const stackCli = (command: string) =>
  run(process.execPath, [cliScript, command], {
    cwd: home,
    // LOG_LEVEL info (the suite's is silent): Compose passes it to the handlers, and `make logs` is tested on their lines.
    env: { ...inherited, DYNAMODB: dynamodb, COMPOSE_PROJECT_NAME: project, PICUS_STACK_HOME: home, LOG_LEVEL: 'info', ...ports },
    timeout: 300_000,
    maxBuffer: 16 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? 1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    }),
  );

describe.skipIf(skip !== undefined)(`the Compose stack (${compose?.command.join(' ')} ${compose?.version}, DynamoDB: ${dynamodb})`, () => {
  beforeAll(async () => {
    for (const name of ['ROUTER_PORT', 'API_PORT', 'DELETE_FN_PORT', 'DYNAMODB_PORT', 'CONSOLE_PORT'])
      ports[name] = String(await freePort());
    const started = await stackCli('up');
    expect(started.code, started.output).toBe(0);
    // One line says which stack runs and why, before Compose's own output.
    expect(started.output.split('\n').filter((line) => line.startsWith('Stack: '))).toEqual([
      `Stack: Compose ${compose?.version} (a Docker engine answers; STACK=embedded runs without Docker).`,
    ]);
  }, 360_000);

  afterAll(async () => {
    // `make reset`: down, and the test's data volume with it.
    await stackCli('reset');
  }, 120_000);

  describeRouterJourneys('Compose stack', {
    routerUrl: () => `http://127.0.0.1:${ports.ROUTER_PORT}`,
    restart: async () => {
      const stopped = await stackCli('down');
      expect(stopped.code, stopped.output).toBe(0);
      expect(projectContainers(project), 'containers left after make down').toEqual([]);
      const started = await stackCli('up');
      expect(started.code, started.output).toBe(0);
    },
    noPersistence:
      dynamodb === 'localstack'
        ? 'LocalStack keeps no data across down/up without its paid persistence (LOCALSTACK_PERSISTENCE=1 with a token)'
        : undefined,
    restartTimeoutMs: 360_000,
  });

  describe('payloads', () => {
    const router = () => `http://127.0.0.1:${ports.ROUTER_PORT}`;
    const put = (body: string) => fetch(`${router()}/picus/put`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

    it('when a payload holds nesting, unicode, floats, empty strings and nulls, then it is read back as sent', async () => {
      const payload = {
        name: 'Zoë 🦜',
        role: 'engineer',
        deep: { list: [1, 2.5, -0.125, { x: null }], empty: '' },
        big: 1e125,
        tiny: 1.5e-130,
      };
      const created = await put(JSON.stringify(payload));
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      expect(await (await fetch(`${router()}/picus/get/${id}`)).json()).toMatchObject({ id, payload });
    });

    it("when a number is beyond DynamoDB's range, then the api answers 422 naming where, in the problem envelope", async () => {
      const response = await put('{"name":"Ada","role":"engineer","n":1e300}');
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await response.json()) as { detail: string }).detail).toContain('at "/n"');
    });

    it('when a body is larger than the limit, then the router passes it and the api answers 413', async () => {
      const response = await put(JSON.stringify({ name: 'Ada', role: 'engineer', blob: 'x'.repeat(500_000) }));
      expect(response.status).toBe(413);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });

  describe('containers', () => {
    const containerOf = (service: string) =>
      projectContainers(project).find((container) => container.service === service && container.status === 'running');
    const ours = ['api', 'delete-fn', 'router', 'console', ...(dynamodb === 'embedded' ? ['dynamodb'] : [])];

    it.each(ours)('when %s runs, then it is healthy, not root, and its root filesystem is read-only', (service) => {
      const container = containerOf(service);
      expect(container?.health).toBe('healthy');
      const uid = spawnSync('docker', ['exec', container?.id ?? '', 'id', '-u'], { encoding: 'utf8', timeout: 10_000 }).stdout.trim();
      expect(uid).toMatch(/^\d+$/);
      expect(uid).not.toBe('0');
      const readOnly = spawnSync('docker', ['inspect', '--format', '{{.HostConfig.ReadonlyRootfs}}', container?.id ?? ''], {
        encoding: 'utf8',
        timeout: 10_000,
      }).stdout.trim();
      expect(readOnly).toBe('true');
    });

    it('when the stack runs, then every published port binds to 127.0.0.1 only', () => {
      const running = projectContainers(project).filter((container) => container.status === 'running');
      const bindings = running.flatMap((container) => {
        const text = spawnSync('docker', ['inspect', '--format', '{{json .HostConfig.PortBindings}}', container.id], {
          encoding: 'utf8',
          timeout: 10_000,
        }).stdout;
        return Object.values(JSON.parse(text) as Record<string, Array<{ HostIp: string }>>).flat();
      });
      expect(bindings.length).toBeGreaterThanOrEqual(4);
      expect(new Set(bindings.map((binding) => binding.HostIp))).toEqual(new Set(['127.0.0.1']));
    });
  });

  describe('make logs', () => {
    /** The lines `make logs` shows with the given view, stopped once `until` shows in them (or after 20 s). */
    const logs = (extra: Record<string, string>, until: RegExp) =>
      new Promise<string>((resolve) => {
        const child = spawn(process.execPath, [cliScript, 'logs'], {
          env: { ...inherited, COMPOSE_PROJECT_NAME: project, PICUS_STACK_HOME: home, ...ports, ...extra },
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        let output = '';
        const stop = setTimeout(() => child.kill('SIGINT'), 20_000);
        const take = (chunk: Buffer) => {
          output += chunk.toString();
          if (until.test(output)) child.kill('SIGINT');
        };
        // Only what `make logs` shows; Compose says "canceled" on stderr when stopped.
        child.stdout.on('data', take);
        child.on('close', () => {
          clearTimeout(stop);
          resolve(output);
        });
      });

    it("when REQUEST names a request, then only its lines show, from the router and the Lambda, as the embedded stack's make logs shows them", async () => {
      const router = `http://127.0.0.1:${ports.ROUTER_PORT}`;
      const created = await fetch(`${router}/picus/put`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"Ada","role":"engineer"}',
      });
      const { id } = (await created.json()) as { id: string };
      expect((await fetch(`${router}/picus/${id}`, { method: 'DELETE', headers: { 'x-request-id': 'compose-logs-delete' } })).status).toBe(
        200,
      );
      const output = await logs(
        { REQUEST: 'compose-logs-delete' },
        /(?=[\s\S]*^router \|.*compose-logs-delete)(?=[\s\S]*^delete-fn \|.*"status":200)/m,
      );
      const lines = output.split('\n').filter(Boolean);
      expect(lines.length).toBeGreaterThanOrEqual(2);
      for (const line of lines) expect(line).toMatch(/^(router|delete-fn) \| .*compose-logs-delete/);
      expect(output).not.toMatch(/embedded-only/);
    });

    it("when LOG_FORMAT=json and SERVICE=api, then the api's lines are its raw JSON", async () => {
      const output = await logs({ LOG_FORMAT: 'json', SERVICE: 'api' }, /^api \| \{.*"msg":"listening"/m);
      expect(output).toMatch(/^api \| \{"level":"info".*"msg":"listening"/m);
      expect(output).not.toMatch(/^(router|delete-fn|console) \|/m);
    });
  });

  describe('the console', () => {
    const consoleUrl = () => `http://127.0.0.1:${ports.CONSOLE_PORT}`;
    interface Row {
      traceId: string;
      requestId?: string;
      rule?: string;
      targetGroup?: string;
      source: string;
      status?: number;
    }

    it("when a request goes through nginx, then the console lists it from the handler's span with the rule nginx matched, and its DynamoDB call", async () => {
      const router = `http://127.0.0.1:${ports.ROUTER_PORT}`;
      const created = await fetch(`${router}/picus/put`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'compose-console-put' },
        body: '{"name":"Ada","role":"engineer"}',
      });
      const { id } = (await created.json()) as { id: string };
      expect(
        (await fetch(`${router}/picus/${id}`, { method: 'DELETE', headers: { 'x-request-id': 'compose-console-delete' } })).status,
      ).toBe(200);
      const rowOf = async (requestId: string) =>
        ((await (await fetch(`${consoleUrl()}/api/requests`)).json()) as { requests: Row[] }).requests.find(
          (row) => row.requestId === requestId && row.rule !== undefined,
        );
      await waitFor(
        async () => (await rowOf('compose-console-put')) !== undefined && (await rowOf('compose-console-delete')) !== undefined,
        { what: 'both rows with their rules', timeoutMs: 15_000 },
      );
      expect(await rowOf('compose-console-put')).toMatchObject({
        source: 'api',
        targetGroup: 'api',
        rule: '15: POST /picus/put',
        status: 201,
      });
      const deleted = await rowOf('compose-console-delete');
      expect(deleted).toMatchObject({ targetGroup: 'delete-fn', rule: '10: DELETE /picus/*', status: 200 });
      const detail = (await (await fetch(`${consoleUrl()}/api/requests/${deleted?.traceId}`)).json()) as {
        spans: Array<{ name: string }>;
        lambda?: { event?: string };
      };
      expect(detail.spans.map((span) => span.name)).toContain('DynamoDB.DeleteItem');
      expect(JSON.parse(detail.lambda?.event ?? '{}')).toMatchObject({ httpMethod: 'DELETE', path: `/picus/${id}` });
    });
  });

  describe('images', () => {
    const size = (image: string) =>
      Number(
        spawnSync('docker', ['image', 'inspect', '--format', '{{.Size}}', image], { encoding: 'utf8', timeout: 10_000 }).stdout.trim(),
      );

    it.each(PROJECT_IMAGES.map(({ image, target }) => [image, target]))(
      'when %s is built (target %s), then it adds at most 40 MB to its base image',
      (image) => {
        const base =
          /^FROM\s+(?:--platform=\S+\s+)?(\S+)/.exec(
            dockerfileStages(readFileSync(join(REPO_ROOT, DOCKERFILE), 'utf8')).get('base') ?? '',
          )?.[1] ?? '';
        const added = size(image) - size(base);
        console.log(`${image}: ${(size(image) / 1e6).toFixed(1)} MB, ${(added / 1e6).toFixed(1)} MB over ${base}`);
        expect(size(base)).toBeGreaterThan(0);
        expect(added).toBeGreaterThan(0);
        expect(added).toBeLessThanOrEqual(40 * 1000 * 1000);
      },
    );
  });
});
