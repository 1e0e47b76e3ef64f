import { pino } from 'pino';

/** Characters of lines held before they are written: about forty access log lines a write. */
const BATCH_CHARS = 16_384;
/** The longest a line waits, so `make logs -f` still shows a request at once to the eye. */
const FLUSH_EVERY_MS = 100;

/**
 * stdout for the router's lines (pino's and the access log's, in the order written), held and
 * written in batches, as ALB delivers its access logs, from the event loop's own thread. The
 * router writes an access log line for every request, and on a 2-core machine its CPU is what the
 * bench's get through the router against the api direct measures: a line is a push onto an array
 * here, and the writes (a synchronous sonic-boom, which retries a full pipe and partial writes) one
 * for forty lines. What is held is written on exit (a SIGTERM or an uncaught error; a SIGKILL loses
 * at most the last 100 ms).
 */
export class BatchedStdout {
  private held: string[] = [];
  private heldChars = 0;
  private readonly out = pino.destination({ fd: 1, sync: true });

  constructor() {
    setInterval(() => this.flush(), FLUSH_EVERY_MS).unref();
    process.once('exit', () => this.flush());
  }

  write(line: string): boolean {
    this.held.push(line);
    this.heldChars += line.length;
    if (this.heldChars >= BATCH_CHARS) this.flush();
    return true;
  }

  /** Writes what is held; `done` (pino's flush callback) runs once it is written. */
  flush(done?: (error?: Error) => void): void {
    if (this.held.length > 0) {
      const text = this.held.join('');
      this.held = [];
      this.heldChars = 0;
      this.out.write(text);
    }
    done?.();
  }
}
