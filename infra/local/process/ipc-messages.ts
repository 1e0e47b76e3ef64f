/**
 * The channel between the stack's supervisor and the processes it starts: Node's IPC channel
 * (the child is spawned with an `ipc` stdio slot), never the child's log. The supervisor learns
 * from it when a child is ready and on which ports; the child learns from it when its parent is
 * gone. Children that are not supervised (a container, ECS, `node dist/server.js` by hand) have
 * no channel, and every function here does nothing for them.
 */

/** Every server the child starts listening, as it happens (sent by `child-preload.ts`). */
export interface ListeningMessage {
  readonly type: 'listening';
  readonly port: number;
}

/** The child is ready to serve, with its ports by role (sent by our own entry files). */
export interface ReadyMessage {
  readonly type: 'ready';
  readonly ports: Readonly<Record<string, number>>;
}

export type SupervisionMessage = ListeningMessage | ReadyMessage;

/** How a supervised child tells it is ready: at its first listening server, or when it says so. */
export type Readiness = 'first-listen' | 'reported';

/**
 * Tells the supervisor this process is ready to serve, with its ports by role (e.g. the router's
 * `listener` and `admin`). For processes whose readiness is more than a listening socket, such as
 * the embedded DynamoDB, which is ready once its table is.
 */
export function reportReady(ports: Readonly<Record<string, number>>): void {
  const message: ReadyMessage = { type: 'ready', ports };
  process.send?.(message);
}

export function isSupervisionMessage(value: unknown): value is SupervisionMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'listening' || type === 'ready';
}
