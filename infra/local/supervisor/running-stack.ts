import type { StartedProcess } from '../process/child-process.js';
import type { CoreServiceName, ServiceName } from './services.js';
import type { ServiceRecord } from './stack-state.js';

/** A running embedded stack: URLs, its processes, and the controls fault tests need. */
export interface EmbeddedStack {
  readonly routerUrl: string;
  readonly apiUrl: string;
  readonly deleteFnUrl: string;
  readonly dynamodbEndpoint: string;
  /** The router's admin API (target registration); never reachable through the listener. */
  readonly adminUrl: string;
  /** The local console, when {@link StackOptions.console} asked for it. */
  readonly consoleUrl?: string;
  readonly tableName: string;
  readonly logDir: string;
  readonly stateFile: string;
  readonly token: string;
  /** The processes, by service; `api` is the first replica; `console` only when asked for. */
  readonly processes: Readonly<Record<CoreServiceName, StartedProcess>> & { readonly console?: StartedProcess };
  /** Every process with how it was started, as the state file records them. */
  services(): ServiceRecord[];
  /** The api processes beyond the first: those `apiReplicas` asked for, then any `startApiReplica` added. */
  readonly apiReplicas: readonly StartedProcess[];
  /** The environment the handlers run with (DynamoDB endpoint, table, and `handlerEnv`). */
  readonly handlerEnv: Readonly<Record<string, string>>;
  /** Starts another api process (a new ECS task), not yet registered with the router. */
  startApiReplica(name?: string): Promise<StartedProcess>;
  /** Registers an api target and resolves once the router's health checks find it healthy. */
  registerApi(port: number): Promise<void>;
  /** Deregisters an api target; resolves once its in-flight requests have drained. */
  deregisterApi(port: number): Promise<void>;
  /**
   * Stops a service's process and resolves once it has exited: SIGTERM (the default) lets it drain and
   * is followed by SIGKILL after the grace; SIGKILL is a crash. Fault tests use it.
   */
  stopService(service: ServiceName, signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts a stopped service again on the same port, with the same environment and data. */
  startService(service: ServiceName): Promise<StartedProcess>;
  /**
   * Stops each process of a service (SIGTERM, SIGKILL after the grace) and starts it again on the
   * same port, one after another: for the api, the first process and then every replica.
   */
  restart(service: ServiceName): Promise<void>;
  /** The inspector ports of the inspected service's processes (see {@link StackOptions.inspect}). */
  readonly inspectorPorts: readonly number[];
  /** Every process, replicas included, stopped. */
  stop(): Promise<void>;
  /** Records the URLs `make up` prints in the state file. */
  setUrls(urls: Readonly<Record<string, string>>): void;
}
