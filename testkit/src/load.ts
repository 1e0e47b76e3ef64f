import { Agent, request as httpRequest } from 'node:http';

/** One request the load sends. `requestId` goes out as `x-request-id`, so server logs can be joined. */
export interface LoadRequest {
  readonly kind: string;
  readonly method: string;
  readonly url: string;
  readonly body?: string;
}

/** What became of one request: a status and body, or the client-side error (reset, refused…). */
export interface LoadOutcome {
  readonly kind: string;
  readonly requestId: string;
  readonly body?: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly status?: number;
  readonly retryAfter?: string;
  readonly responseBody?: string;
  readonly error?: string;
}

export interface LoadOptions {
  /** Requests in flight at once, each on its own keep-alive connection. */
  readonly concurrency: number;
  /** Hard bounds: the load stops at whichever comes first, even if never stopped. */
  readonly maxRequests: number;
  readonly maxDurationMs: number;
  /** Builds request number `n`. */
  readonly next: (n: number) => LoadRequest;
  /** Per-request client timeout: a hang shows up as an error rather than a stuck test. */
  readonly requestTimeoutMs?: number;
}

export interface RunningLoad {
  /** Outcomes so far, in completion order. */
  readonly outcomes: readonly LoadOutcome[];
  /** Resolves once at least `count` more requests have completed (or the load has ended). */
  settled(count: number): Promise<void>;
  /**
   * Resolves true once `count` outcomes (default 1) match, false after `timeoutMs`, e.g. the first
   * 201 after a recovery, or enough 503s to know an outage has been seen. Assert the result.
   */
  sawOutcome(matches: (outcome: LoadOutcome) => boolean, timeoutMs: number, count?: number): Promise<boolean>;
  /** Stops starting requests, waits for those in flight, and returns every outcome. */
  stop(): Promise<LoadOutcome[]>;
}

/** Counts the loads this process has started, so that no two of them send the same request id. */
let loadsStarted = 0;

/**
 * A closed-loop load generator for fault tests: `concurrency` workers each send one request after
 * another over keep-alive connections (as real clients and the ALB do), recording every outcome,
 * bounded in count and time.
 */
export function startLoad(options: LoadOptions): RunningLoad {
  // `load-<pid>-<load>-<n>`: a test file that runs several loads against one api reads them all from
  // one log, and must never take one load's request for another's.
  const idPrefix = `load-${process.pid}-${(loadsStarted += 1)}`;
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const outcomes: LoadOutcome[] = [];
  const deadline = Date.now() + options.maxDurationMs;
  let started = 0;
  let stopping = false;
  const waiters: Array<{ target: number; resolve: () => void }> = [];

  const record = (outcome: LoadOutcome) => {
    outcomes.push(outcome);
    for (const waiter of waiters.filter((candidate) => outcomes.length >= candidate.target)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };

  const worker = async () => {
    while (!stopping && started < options.maxRequests && Date.now() < deadline) {
      const n = started;
      started += 1;
      record(await send(agent, options.next(n), `${idPrefix}-${n}`, options.requestTimeoutMs ?? 10_000));
    }
  };
  const workers = Promise.all(Array.from({ length: options.concurrency }, worker)).then(() => {
    for (const waiter of waiters.splice(0)) waiter.resolve();
  });

  return {
    outcomes,
    settled(count) {
      const target = outcomes.length + count;
      return new Promise((resolve) => {
        waiters.push({ target, resolve });
        void workers.then(resolve);
      });
    },
    async sawOutcome(matches, timeoutMs, count = 1) {
      const seen = () => outcomes.filter(matches).length >= count;
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (seen()) return true;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return seen();
    },
    async stop() {
      stopping = true;
      await workers;
      agent.destroy();
      return outcomes;
    },
  };
}

function send(agent: Agent, request: LoadRequest, requestId: string, timeoutMs: number): Promise<LoadOutcome> {
  const startedAt = Date.now();
  const base = { kind: request.kind, requestId, startedAt, ...(request.body === undefined ? {} : { body: request.body }) };
  return new Promise((resolve) => {
    const headers: Record<string, string> = { 'x-request-id': requestId };
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(request.body));
    }
    const req = httpRequest(request.url, { method: request.method, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => resolve({ ...base, endedAt: Date.now(), error: error.message }));
      res.on('end', () => {
        const retryAfter = res.headers['retry-after'];
        resolve({
          ...base,
          endedAt: Date.now(),
          status: res.statusCode ?? 0,
          responseBody: Buffer.concat(chunks).toString('utf8'),
          ...(retryAfter === undefined ? {} : { retryAfter }),
        });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ ...base, endedAt: Date.now(), error: error.code ?? error.message }));
    req.end(request.body);
  });
}

/** Counts outcomes by status (or error code), for failure messages that show the whole picture. */
export function tally(outcomes: readonly LoadOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    const key = outcome.status === undefined ? `error:${outcome.error}` : String(outcome.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
