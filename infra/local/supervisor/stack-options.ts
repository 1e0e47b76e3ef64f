import type { ServiceName } from './services.js';

/** How `startEmbeddedStack` runs the stack: ports, folders, the console, supervision and how the handlers run. */
export interface StackOptions {
  /** Ports to listen on; 0 (the default) picks free ones so concurrent stacks never clash. */
  readonly ports?: Partial<Record<'router' | 'api' | 'deleteFn' | 'dynamodb' | 'console', number>>;
  /**
   * Run the local console too, and turn tracing on in the router and both handlers, their spans
   * going to it. `make up` and `make dev` do; tests and the bench ask for it when they need it.
   */
  readonly console?: boolean;
  /**
   * Where the stack records its services (pids, ports, how each was started): `make up`'s
   * `.stack/state.json`; `state.json` in the log folder when absent. The console restarts services from it.
   */
  readonly stateFile?: string;
  /** Where the embedded DynamoDB keeps its data; in memory when absent. */
  readonly dataDir?: string;
  /** Where each service's log goes (`<service>.log`); a fresh temporary folder when absent. */
  readonly logDir?: string;
  /** Keep the processes running after this one exits (`make up` runs a supervisor that outlives it instead). */
  readonly detached?: boolean;
  /**
   * Start the handlers (api, delete-fn) again, with backoff, when they exit without being asked to,
   * as ECS and Lambda do; the router takes them back once its health checks pass. `make up` and
   * `make dev` do; fault tests leave it off to control restarts themselves.
   */
  readonly restartOnExit?: boolean;
  /**
   * Run the handlers as the ECS task and the Lambda function run them (`NODE_ENV=production make up`):
   * NODE_ENV=production (so response validation is off), the task's heap flags, a local cursor key
   * kept in `cursorKeyFile` unless CURSOR_SECRET is set, and no spans from the handlers unless an
   * OTLP endpoint is configured (the router still sends the console its spans).
   */
  readonly production?: boolean;
  /**
   * The address every service binds: 127.0.0.1 (the default) whatever HOST says, so a HOST=0.0.0.0
   * meant for another dev server never opens the stack to the network. The console binds it only
   * with CONSOLE_TOKEN set, and 127.0.0.1 otherwise.
   */
  readonly bindAddress?: string;
  /** Where the production mode's cursor key is kept (see `local-cursor-key.ts`); the log folder when absent. */
  readonly cursorKeyFile?: string;
  /** Local health checks run this often instead of the topology's 20 s; thresholds stay the topology's. */
  readonly healthCheckIntervalMs?: number;
  /** How long the router lets a deregistered target drain. */
  readonly deregistrationDelayMs?: number;
  /** Extra environment for the api and the Lambda (e.g. LOG_LEVEL, VALIDATE_RESPONSES). */
  readonly handlerEnv?: Readonly<Record<string, string>>;
  /** Extra environment for the router (e.g. TARGET_TIMEOUT_MS). */
  readonly routerEnv?: Readonly<Record<string, string>>;
  /** How many api processes (ECS tasks) the router balances over; ECS runs 2. One when absent. */
  readonly apiReplicas?: number;
  /** Marks every process's command line as this stack's (see `ps-inspector.ts`); a new one when absent. */
  readonly token?: string;
  /**
   * Starts this service's processes with the Node inspector on 127.0.0.1: the first on `port`,
   * each further one (api replicas) on the next port, so they never clash.
   */
  readonly inspect?: { readonly service: ServiceName; readonly port: number };
}
