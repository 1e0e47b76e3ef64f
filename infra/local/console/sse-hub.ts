import type { ServerResponse } from 'node:http';

/** A client is dropped once this much of its stream is waiting to be sent (a stalled browser tab). */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** A comment line this often keeps idle connections (and proxies) from timing out. */
const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events to every open console page: each event is written to every client at once.
 * Bounded: at most `maxClients` streams, and a client whose socket does not keep up is dropped
 * rather than buffered without limit (its page reconnects and reloads the list).
 */
export class SseHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly maxClients = 32) {
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Turns the response into an event stream; false (and a 503) when too many are open. */
  attach(res: ServerResponse): boolean {
    if (this.clients.size >= this.maxClients) {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' }).end('Too many console pages are open.\n');
      return false;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 1000\n\n');
    this.clients.add(res);
    res.once('close', () => this.clients.delete(res));
    return true;
  }

  /** Sends an event named `event` with `data` as JSON to every client. */
  send(event: string, data: unknown): void {
    if (this.clients.size === 0) return;
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private write(chunk: string): void {
    for (const client of this.clients) {
      if (client.writableLength > MAX_BUFFERED_BYTES) {
        client.destroy();
        this.clients.delete(client);
        continue;
      }
      client.write(chunk);
    }
  }
}
