import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isPortFree } from '@picus/infra';
import { imagePresent, LOCALSTACK_IMAGE } from './docker-images.js';
import { configuredPorts, type StackEnv } from './stack-env.js';
import { issuerKeyFile, writePublicJwks } from '../auth/local-issuer.js';

type Env = Readonly<Record<string, string | undefined>>;

/** True when a Docker engine answers (not just the client being installed). */
export function dockerEngineAnswers(env: Env = process.env): boolean {
  return spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', env, timeout: 5_000 }).status === 0;
}

/** `<command> version --short`, or undefined when the command is missing or fails. */
function shortVersion(command: string, args: readonly string[], env: Env): string | undefined {
  const result = spawnSync(command, [...args, 'version', '--short'], { encoding: 'utf8', env, timeout: 10_000 });
  return result.status === 0 ? result.stdout.trim().replace(/^v/, '') : undefined;
}
const major = (version: string) => Number(version.split('.')[0]);

export interface ComposeCommand {
  readonly command: readonly string[];
  readonly version: string;
}

/**
 * Compose v2: the docker CLI plugin, or a standalone v2 `docker-compose`. Compose v1 (1.x, end of
 * life since 2023) is not one: docker-compose.yml uses `name:`, build secrets and develop.watch.
 */
export function findCompose(env: Env): ComposeCommand | undefined {
  for (const command of [['docker', 'compose'], ['docker-compose']] as const) {
    const [program, ...args] = command;
    const version = shortVersion(program, args, env);
    if (version && major(version) >= 2) return { command, version };
  }
  return undefined;
}

/** The version of a Compose v1 `docker-compose` on PATH, if that is what is there. */
export function findComposeV1(env: Env): string | undefined {
  const version = shortVersion('docker-compose', [], env);
  return version && major(version) === 1 ? version : undefined;
}

const INSTALL = 'install the Compose v2 plugin (https://docs.docker.com/compose/install/)';

export interface StackChoice {
  readonly stack: 'embedded' | 'compose';
  readonly compose?: ComposeCommand;
  /** The one line `make up` prints: which stack, and why. */
  readonly line: string;
  /** STACK=compose was asked for and cannot be had: `line` says why, and nothing starts. */
  readonly refused?: boolean;
}

/**
 * Which stack the CLI acts on: STACK forces one; a running embedded stack is the one; otherwise
 * Compose where a Docker engine answers and Compose v2 is installed, the embedded stack elsewhere.
 */
export function chooseStack(requested: 'embedded' | 'compose' | undefined, embeddedRunning: boolean, env: Env): StackChoice {
  if (requested === 'embedded') return { stack: 'embedded', line: 'Stack: embedded (STACK=embedded).' };
  if (requested === undefined && embeddedRunning)
    return { stack: 'embedded', line: 'Stack: embedded (it is already running; `make down` stops it).' };
  const engine = dockerEngineAnswers(env);
  const compose = engine ? findCompose(env) : undefined;
  if (compose) {
    const why = requested === 'compose' ? 'STACK=compose' : `a Docker engine answers; STACK=embedded runs without Docker`;
    return { stack: 'compose', compose, line: `Stack: Compose ${compose.version} (${why}).` };
  }
  let missing: string;
  if (!engine) missing = 'no Docker engine answers (`docker info`)';
  else {
    const v1 = findComposeV1(env);
    missing = v1
      ? `Docker answers, but only Compose v1 (docker-compose ${v1}, end of life) is installed: ${INSTALL}`
      : `Docker answers, but Compose v2 is not installed: ${INSTALL}`;
  }
  if (requested === 'compose') return { stack: 'compose', refused: true, line: `STACK=compose, but ${missing}.` };
  return { stack: 'embedded', line: `Stack: embedded (${missing}).` };
}

/** Variables the embedded stack honours that Compose cannot: each set one gets a line saying so. */
export function embeddedOnlyNotes(command: string, env: Env): string[] {
  // LOG_FORMAT and REQUEST work under Compose too (compose-logs.ts).
  const notes: Record<string, readonly string[]> = { up: ['INSPECT', 'API_REPLICAS'], dev: ['INSPECT', 'API_REPLICAS'] };
  return (notes[command] ?? [])
    .filter((name) => env[name] !== undefined && env[name] !== '')
    .map((name) => `${name} is embedded-only: Compose ignores it (STACK=embedded make ${command} ${name}=… honours it).`);
}

export type DynamoDbChoice = 'localstack' | 'embedded';
const PROFILES: readonly DynamoDbChoice[] = ['localstack', 'embedded'];

export interface ComposeOptions {
  readonly repoRoot: string;
  /** The environment Compose runs in (ports, BIND_ADDRESS, NODE_EXTRA_CA_CERTS, LOCALSTACK_AUTH_TOKEN…). */
  readonly env: Env;
  readonly compose: ComposeCommand;
  /** The Compose project: names the containers, the network and the data volumes. */
  readonly project: string;
}

/** Runs Compose in the foreground with the user's terminal, with the given profiles active; returns its exit code. */
export function runCompose(options: ComposeOptions, args: readonly string[], profiles: readonly string[] = [...PROFILES, 'auth']): number {
  const [command = 'docker', ...prefix] = options.compose.command;
  const result = spawnSync(command, [...prefix, '--project-name', options.project, ...args], {
    cwd: options.repoRoot,
    stdio: 'inherit',
    env: { ...options.env, COMPOSE_PROFILES: profiles.join(',') },
  });
  if (result.error) console.error(`${options.compose.command.join(' ')} failed to run: ${result.error.message}`);
  return result.status ?? 1;
}

interface ContainerState {
  readonly id: string;
  readonly service: string;
  readonly status: string;
  readonly exitCode: number;
  /** healthy, unhealthy, starting; empty when the container has no healthcheck. */
  readonly health: string;
}

/** The project's containers, running or not, as Compose labels them. */
export function projectContainers(project: string): ContainerState[] {
  const ids =
    spawnSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`], { encoding: 'utf8', timeout: 10_000 })
      .stdout?.split('\n')
      .filter(Boolean) ?? [];
  if (ids.length === 0) return [];
  const format =
    '{{.Id}}|{{index .Config.Labels "com.docker.compose.service"}}|{{.State.Status}}|{{.State.ExitCode}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}';
  const lines =
    spawnSync('docker', ['inspect', '--format', format, ...ids], { encoding: 'utf8', timeout: 10_000 })
      .stdout?.split('\n')
      .filter(Boolean) ?? [];
  return lines.map((line) => {
    const [id = '', service = '', status = '', exitCode = '0', health = ''] = line.split('|');
    return { id, service, status, exitCode: Number(exitCode), health };
  });
}

/** A one-shot service (no healthcheck) that exited 0 is done; a running one is ready once healthy. */
const isReady = (container: ContainerState) =>
  container.status === 'running'
    ? container.health === '' || container.health === 'healthy'
    : container.status === 'exited' && container.exitCode === 0 && container.health === '';

/** After a failed `up`: each service that is not ready, with its last log lines. */
function reportFailures(containers: readonly ContainerState[]): void {
  for (const container of containers.filter((candidate) => !isReady(candidate))) {
    const logs = spawnSync('docker', ['logs', '--tail', '15', container.id], { encoding: 'utf8', timeout: 10_000 });
    console.error(
      `\n${container.service}: ${container.status}${container.health ? ` (${container.health})` : ''}${container.status === 'exited' ? `, exit code ${container.exitCode}` : ''}. Its last log lines:`,
    );
    console.error(`${logs.stdout ?? ''}${logs.stderr ?? ''}`.trimEnd().replace(/^/gm, '  '));
  }
}

/**
 * The DynamoDB Compose runs: DYNAMODB when set; LocalStack where its image is present or can be
 * pulled; otherwise the embedded DynamoDB (saying so in one line).
 */
export function chooseDynamoDb(requested: DynamoDbChoice | undefined): DynamoDbChoice {
  if (requested) return requested;
  if (imagePresent(LOCALSTACK_IMAGE)) return 'localstack';
  console.log(`Pulling ${LOCALSTACK_IMAGE} (DYNAMODB=embedded skips LocalStack)…`);
  // Bounded, as every other docker call here: behind a stalled proxy a pull would otherwise hang `make up`.
  if (spawnSync('docker', ['pull', '--quiet', LOCALSTACK_IMAGE], { stdio: 'ignore', timeout: 10 * 60_000 }).status === 0)
    return 'localstack';
  console.log(`${LOCALSTACK_IMAGE} cannot be pulled here: running the embedded DynamoDB in its own container instead (DYNAMODB=embedded).`);
  return 'embedded';
}

export interface ComposeUpOptions extends ComposeOptions {
  /** The parsed stack environment: ports, DYNAMODB, BIND_ADDRESS. */
  readonly stack: StackEnv;
  /** `make dev`: stay in the foreground with the logs, rebuilding a service when its sources change (develop.watch). */
  readonly watch?: boolean;
  readonly timeoutSeconds?: number;
}

/** Stops the stack when it runs with the other DynamoDB, then checks the ports are free; false after saying why not. */
async function prepare(options: ComposeUpOptions, dynamodb: DynamoDbChoice): Promise<boolean> {
  const other = PROFILES.find((profile) => profile !== dynamodb);
  const existing = projectContainers(options.project);
  if (
    existing.some(
      (container) =>
        container.status === 'running' &&
        (container.service === other || (other === 'localstack' && container.service === 'table-bootstrap')),
    )
  ) {
    console.log(
      `The stack runs with DYNAMODB=${other}: stopping it before starting it with DYNAMODB=${dynamodb} (the data of each stays in its own volume).`,
    );
    runCompose(options, ['down', '--remove-orphans']);
  }
  if (projectContainers(options.project).some((container) => container.status === 'running')) return true;
  for (const [service, { port, variable }] of Object.entries(configuredPorts(options.stack))) {
    if (!(await isPortFree(port, options.stack.BIND_ADDRESS))) {
      console.error(
        `Port ${port} (${service}) is already in use. Stop what listens there, or pick another port: ${variable}=<port> make up`,
      );
      return false;
    }
  }
  return true;
}

/**
 * `make up` with Compose: `docker compose up --build --wait` (BuildKit builds the images, the proxy
 * CA a build secret), returning once every service is healthy. With `watch` (`make dev`):
 * `up --build --watch` in the foreground instead, until Ctrl-C.
 */
export async function composeUp(options: ComposeUpOptions): Promise<number> {
  const started = performance.now();
  const { stack } = options;
  const dynamodb = chooseDynamoDb(stack.DYNAMODB);
  if (!(await prepare(options, dynamodb))) return 1;
  // AUTH=jwt: the verifier's profile, nginx's config with the jwt rules, and the local issuer's public keys for it.
  const jwt = stack.AUTH === 'jwt';
  if (jwt) writePublicJwks(issuerKeyFile(join(stack.PICUS_STACK_HOME, '.data')));
  const upOptions = jwt
    ? { ...options, env: { ...options.env, ROUTER_CONFIG: 'nginx-jwt.conf', PICUS_STACK_HOME: stack.PICUS_STACK_HOME } }
    : options;
  const profiles = [dynamodb, ...(jwt ? ['auth'] : [])];
  if (options.watch) {
    console.log(`Watching core/, api/ and delete-fn/ sources (develop.watch in docker-compose.yml); Ctrl-C stops the stack.`);
    return runCompose(upOptions, ['up', '--build', '--remove-orphans', '--watch'], profiles);
  }
  const waitTimeout = String(options.timeoutSeconds ?? 180);
  const code = runCompose(upOptions, ['up', '--build', '--detach', '--remove-orphans', '--wait', '--wait-timeout', waitTimeout], profiles);
  if (code !== 0) {
    reportFailures(projectContainers(options.project));
    return code;
  }
  const host = stack.BIND_ADDRESS === '0.0.0.0' ? '127.0.0.1' : stack.BIND_ADDRESS;
  const ports = configuredPorts(stack);
  const rows: Array<[string, string]> = [
    ['router', `http://${host}:${ports.router.port}`],
    ['Swagger UI', `http://${host}:${ports.router.port}/docs`],
    ['api', `http://${host}:${ports.api.port}`],
    ['delete-fn', `http://${host}:${ports.deleteFn.port}  (Lambda host)`],
    [
      'DynamoDB',
      `http://${host}:${ports.dynamodb.port}  (${dynamodb === 'embedded' ? `embedded, data in volume ${options.project}_dynamodb-data` : 'LocalStack'})`,
    ],
    ['console', `http://127.0.0.1:${ports.console.port}  (live requests, traces, table)`],
  ];
  console.log(`\n${rows.map(([name, url]) => `  ${name.padEnd(12)} ${url}`).join('\n')}\n`);
  console.log(
    `All services healthy in ${((performance.now() - started) / 1000).toFixed(1)} s (Compose project ${options.project}). \`make logs\` follows them; \`make down\` stops them.`,
  );
  return 0;
}
