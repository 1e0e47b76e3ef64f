import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isPortFree } from '@picus/infra';
import { buildImages, imagePresent, LOCALSTACK_IMAGE, PROJECT_IMAGES } from './docker-images.js';
import { configuredPorts, type StackEnv } from './stack-env.js';
import { issuerKeyFile, writePublicJwks } from '../auth/local-issuer.js';

type Env = Readonly<Record<string, string | undefined>>;

/** True when a Docker engine answers (not just the client being installed). */
export function dockerEngineAnswers(): boolean {
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 5_000 });
  return result.status === 0;
}

/** Which stack `make up` runs: STACK forces one; otherwise Compose where Docker runs, embedded elsewhere. */
export function chooseStack(requested: string | undefined): 'embedded' | 'compose' {
  if (requested === 'embedded' || requested === 'compose') return requested;
  return dockerEngineAnswers() ? 'compose' : 'embedded';
}

/** Compose v2 (the docker CLI plugin) where present, else v1 (`docker-compose`); undefined with neither. */
export function findCompose(env: Env): readonly string[] | undefined {
  const answers = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore', env, timeout: 10_000 }).status === 0;
  if (answers('docker', ['compose', 'version'])) return ['docker', 'compose'];
  if (answers('docker-compose', ['version'])) return ['docker-compose'];
  return undefined;
}

/** The one line `make up` prints when Docker runs but no Compose does. */
export const NO_COMPOSE =
  'Docker answers, but neither `docker compose` (v2) nor `docker-compose` (v1) is installed: install Compose (https://docs.docker.com/compose/install/) or run STACK=embedded make up.';

export type DynamoDbChoice = 'localstack' | 'embedded';
const PROFILES: readonly DynamoDbChoice[] = ['localstack', 'embedded'];

export interface ComposeOptions {
  readonly repoRoot: string;
  /** The environment Compose and docker run in (ports, BIND_ADDRESS, LOCALSTACK_AUTH_TOKEN…). */
  readonly env: Env;
  readonly compose: readonly string[];
  /** The Compose project: names the containers, the network and the data volumes. */
  readonly project: string;
}

/** Runs Compose in the foreground with the user's terminal, with the given profiles active; returns its exit code. */
export function runCompose(options: ComposeOptions, args: readonly string[], profiles: readonly string[] = [...PROFILES, 'auth']): number {
  const [command = 'docker', ...prefix] = options.compose;
  const result = spawnSync(command, [...prefix, ...args], {
    cwd: options.repoRoot,
    stdio: 'inherit',
    env: { ...options.env, COMPOSE_PROJECT_NAME: options.project, COMPOSE_PROFILES: profiles.join(',') },
  });
  if (result.error) console.error(`${options.compose.join(' ')} failed to run: ${result.error.message}`);
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

/** The project's containers, running or not, as Compose (v1 and v2) labels them. */
export function projectContainers(project: string): ContainerState[] {
  const ids = spawnSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`], { encoding: 'utf8', timeout: 10_000 }).stdout?.split('\n').filter(Boolean) ?? [];
  if (ids.length === 0) return [];
  const format = '{{.Id}}|{{index .Config.Labels "com.docker.compose.service"}}|{{.State.Status}}|{{.State.ExitCode}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}';
  const lines = spawnSync('docker', ['inspect', '--format', format, ...ids], { encoding: 'utf8', timeout: 10_000 }).stdout?.split('\n').filter(Boolean) ?? [];
  return lines.map((line) => {
    const [id = '', service = '', status = '', exitCode = '0', health = ''] = line.split('|');
    return { id, service, status, exitCode: Number(exitCode), health };
  });
}

/** A one-shot service (no healthcheck) that exited 0 is done; a running one is ready once healthy. */
const isReady = (container: ContainerState) =>
  container.status === 'running' ? container.health === '' || container.health === 'healthy' : container.status === 'exited' && container.exitCode === 0 && container.health === '';
const hasFailed = (container: ContainerState) =>
  container.health === 'unhealthy' || container.status === 'dead' || (container.status === 'exited' && (container.exitCode !== 0 || container.health !== ''));

function reportFailures(containers: readonly ContainerState[]): void {
  for (const container of containers.filter((candidate) => !isReady(candidate))) {
    const logs = spawnSync('docker', ['logs', '--tail', '15', container.id], { encoding: 'utf8', timeout: 10_000 });
    console.error(`\n${container.service}: ${container.status}${container.health ? ` (${container.health})` : ''}${container.status === 'exited' ? `, exit code ${container.exitCode}` : ''}. Its last log lines:`);
    console.error(`${logs.stdout ?? ''}${logs.stderr ?? ''}`.trimEnd().replace(/^/gm, '  '));
  }
}

/** Waits until every container of the project is ready; false (after reporting why) when one fails or time runs out. */
export async function waitUntilHealthy(project: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const containers = projectContainers(project);
    if (containers.length > 0 && containers.every(isReady)) return true;
    if (containers.some(hasFailed) || Date.now() > deadline) {
      console.error(Date.now() > deadline ? `Not every service was healthy after ${timeoutMs / 1000} s.` : 'A service failed to start.');
      reportFailures(containers);
      return false;
    }
    await sleep(250);
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
  if (spawnSync('docker', ['pull', '--quiet', LOCALSTACK_IMAGE], { stdio: 'ignore', timeout: 10 * 60_000 }).status === 0) return 'localstack';
  console.log(`${LOCALSTACK_IMAGE} cannot be pulled here: running the embedded DynamoDB in its own container instead (DYNAMODB=embedded).`);
  return 'embedded';
}

export interface ComposeUpOptions extends ComposeOptions {
  /** The parsed stack environment: ports, DYNAMODB, BIND_ADDRESS, NODE_EXTRA_CA_CERTS. */
  readonly stack: StackEnv;
  readonly timeoutMs?: number;
}

/** `make up` with Compose: build our images, start the profile's services, return once all are healthy. */
export async function composeUp(options: ComposeUpOptions): Promise<number> {
  const started = performance.now();
  const { stack } = options;
  const dynamodb = chooseDynamoDb(stack.DYNAMODB);
  const other = PROFILES.find((profile) => profile !== dynamodb);
  const existing = projectContainers(options.project);
  if (existing.some((container) => container.status === 'running' && (container.service === other || (other === 'localstack' && container.service === 'table-bootstrap')))) {
    console.log(`The stack runs with DYNAMODB=${other}: stopping it before starting it with DYNAMODB=${dynamodb} (the data of each stays in its own volume).`);
    runCompose(options, ['down', '--remove-orphans']);
  }
  const ports = configuredPorts(stack);
  if (!projectContainers(options.project).some((container) => container.status === 'running')) {
    for (const [service, { port, variable }] of Object.entries(ports)) {
      if (!(await isPortFree(port, stack.BIND_ADDRESS))) {
        console.error(`Port ${port} (${service}) is already in use. Stop what listens there, or pick another port: ${variable}=<port> make up`);
        return 1;
      }
    }
  }
  console.log(`Building the images (DynamoDB: ${dynamodb})…`);
  const images = PROJECT_IMAGES.filter((image) => image.service !== 'dynamodb' || dynamodb === 'embedded');
  const failure = buildImages({ repoRoot: options.repoRoot, images, env: options.env, caFile: stack.NODE_EXTRA_CA_CERTS });
  if (failure) {
    console.error(failure);
    return 1;
  }
  // AUTH=jwt: the verifier's profile, nginx's config with the jwt rules, and the local issuer's public keys for it.
  const jwt = stack.AUTH === 'jwt';
  if (jwt) writePublicJwks(issuerKeyFile(join(stack.PICUS_STACK_HOME, '.data')));
  const upOptions = jwt ? { ...options, env: { ...options.env, ROUTER_CONFIG: 'nginx-jwt.conf', PICUS_STACK_HOME: stack.PICUS_STACK_HOME } } : options;
  const code = runCompose(upOptions, ['up', '--detach', '--no-build', '--remove-orphans'], [dynamodb, ...(jwt ? ['auth'] : [])]);
  if (code !== 0) {
    reportFailures(projectContainers(options.project));
    return code;
  }
  if (!(await waitUntilHealthy(options.project, options.timeoutMs ?? 180_000))) return 1;

  const host = stack.BIND_ADDRESS === '0.0.0.0' ? '127.0.0.1' : stack.BIND_ADDRESS;
  const rows: Array<[string, string]> = [
    ['router', `http://${host}:${ports.router.port}`],
    ['Swagger UI', `http://${host}:${ports.router.port}/docs`],
    ['api', `http://${host}:${ports.api.port}`],
    ['delete-fn', `http://${host}:${ports.deleteFn.port}  (Lambda host)`],
    ['DynamoDB', `http://${host}:${ports.dynamodb.port}  (${dynamodb === 'embedded' ? `embedded, data in volume ${options.project}_dynamodb-data` : 'LocalStack'})`],
    ['console', `http://127.0.0.1:${ports.console.port}  (live requests, traces, table)`],
  ];
  console.log(`\n${rows.map(([name, url]) => `  ${name.padEnd(12)} ${url}`).join('\n')}\n`);
  console.log(`All services healthy in ${((performance.now() - started) / 1000).toFixed(1)} s (Compose project ${options.project}). \`make logs\` follows them; \`make down\` stops them.`);
  return 0;
}
