import type { RequestListener, Server } from 'node:http';
import { Server as NetServer, type AddressInfo, type Socket } from 'node:net';
import { InFlightResponses } from './in-flight-responses.js';
import type { Logger } from './logger.js';
import { nodeHttp } from './node-http.js';
import { PROBLEM_CONTENT_TYPE, problem, type ProblemKindName } from './problem.js';

/**
 * How long a draining server keeps idle keep-alive connections open. Busy clients send their next
 * request within milliseconds and get it answered with `Connection: close`; after this, whatever is
 * still idle is closed.
 */
const KEEP_ALIVE_LINGER_MS = 300;

/**
 * After the last in-flight request is answered, how long a draining server waits for requests its
 * clients may already have sent down the keep-alive connections those answers left open (answers
 * whose headers went out before draining began could not say `Connection: close`). Clients reuse a
 * connection within milliseconds of an answer, so a request in transit then arrives and is served
 * rather than reset by the close.
 */
const QUIET_AFTER_LAST_ANSWER_MS = 100;

/** How long a client may take to send a request's headers (slow-header clients are cut off first). */
export const HEADERS_TIMEOUT_MS = 20_000;
/** How long a client may take to send a whole request, headers and body. */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /** True from the moment draining begins. */
  isDraining(): boolean;
  /**
   * Stops accepting connections, lets in-flight requests finish and serves requests still arriving
   * on open keep-alive connections for a short linger (answering them with `Connection: close`),
   * and resolves once all are done or `graceMs` has passed.
   */
  drain(graceMs: number): Promise<void>;
}

/**
 * Listens on host:port (port 0 picks a free one). Keep-alive outlives ALB's idle timeout (60 s)
 * as AWS advises, so the load balancer never reuses a connection the target has just closed.
 * Headers must arrive within {@link HEADERS_TIMEOUT_MS} and the whole request within
 * {@link REQUEST_TIMEOUT_MS}: since Node 18 the headers clock starts at a request's first byte, not
 * when the connection goes idle, so it need not (and must not) exceed the request timeout.
 */
export async function listen(handler: RequestListener, options: { host: string; port: number; logger: Logger }): Promise<RunningServer> {
  let draining = false;
  const pending = new InFlightResponses();
  let settle: (() => void) | undefined;

  const server = nodeHttp.createServer((req, res) => {
    const slot = pending.add(res);
    if (draining) res.setHeader('Connection', 'close');
    res.on('close', () => {
      pending.remove(slot);
      if (draining && pending.size === 0) settle?.();
    });
    handler(req, res);
  });
  server.on('clientError', answerClientError);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    server,
    port,
    isDraining: () => draining,
    async drain(graceMs) {
      draining = true;
      const started = Date.now();
      // Answers still to be written close their connection too, so clients do not reuse it.
      pending.forEach((res) => {
        if (!res.headersSent) res.setHeader('Connection', 'close');
      });
      // Stop accepting connections but keep the open keep-alive ones for a moment: a request already
      // on its way down one is then served (with Connection: close) instead of being reset, which is
      // what http.Server#close would do by closing idle connections at once.
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      // With no connection open there is nothing to linger for (e.g. `make down` of an idle stack).
      const openConnections = () => new Promise<number>((resolve) => server.getConnections((error, count) => resolve(error ? 1 : count)));
      if ((await openConnections()) > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(KEEP_ALIVE_LINGER_MS, graceMs)));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'deadline'>(
        (resolve) => (timer = setTimeout(() => resolve('deadline'), Math.max(0, graceMs - (Date.now() - started)))),
      );
      const allAnswered = () => (pending.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => (settle = resolve)));
      let outcome: 'done' | 'deadline' = 'done';
      // Every answer written, then a quiet moment with none arriving (see QUIET_AFTER_LAST_ANSWER_MS).
      while (outcome === 'done') {
        outcome = await Promise.race([allAnswered().then(() => 'done' as const), deadline]);
        if (outcome === 'deadline') break;
        // No connection left open: nothing can arrive.
        if ((await openConnections()) === 0) break;
        const quiet = await Promise.race([
          new Promise<'quiet'>((resolve) => setTimeout(() => resolve('quiet'), QUIET_AFTER_LAST_ANSWER_MS)),
          deadline,
        ]);
        if (quiet === 'deadline') outcome = 'deadline';
        else if (pending.size === 0) break;
      }
      clearTimeout(timer);
      if (outcome === 'deadline' && pending.size > 0)
        options.logger.warn({ inFlight: pending.size }, 'drain deadline reached; closing remaining connections');
      server.closeAllConnections();
      await closed;
    },
  };
}

/**
 * Drains `running` and exits when SIGTERM or SIGINT arrives (ECS sends SIGTERM, then SIGKILL
 * after its stop timeout). A second signal exits at once.
 */
export function exitOnSignals(
  running: RunningServer,
  options: { graceMs: number; logger: Logger; onClosed?: () => Promise<void> | void },
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    options.logger.info({ signal, graceMs: options.graceMs }, 'draining');
    void running
      .drain(options.graceMs)
      .then(() => options.onClosed?.())
      .then(
        () => {
          options.logger.info('stopped');
          options.logger.flush?.();
          process.exit(0);
        },
        (error: unknown) => {
          options.logger.error({ err: error }, 'error while draining');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/**
 * Node's HTTP parser answers a request it cannot parse with a bare 400 and no body; answer in the
 * problem envelope instead, as every other error is.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const kind: ProblemKindName =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'headersTooLarge'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'requestTimeout'
        : 'malformedRequest';
  const answer = problem(kind, kind === 'malformedRequest' ? 'The request is not valid HTTP.' : 'The request could not be read.');
  const body = JSON.stringify(answer);
  socket.end(
    `HTTP/1.1 ${answer.status} ${answer.title}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
