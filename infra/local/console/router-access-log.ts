import { createSocket, type Socket } from 'node:dgram';
import type { RuleSource } from './request-view.js';

/** How many requests' rules are kept; the oldest go first, as in the trace store. */
const MAX_ENTRIES = 5_000;

/**
 * Under Compose, nginx is the router and makes no spans, so the listener rule each request
 * matched comes from its JSON access log (see `infra/nginx/render-nginx-config.ts`), which nginx
 * sends here as syslog over UDP: `<190>Nov 28 10:00:00 router: {"requestId":…,"rule":…}`.
 * Requests are matched to their handler's server span by request id. Bounded, like the trace store.
 */
export class RouterAccessLog implements RuleSource {
  private readonly rules = new Map<string, string>();
  private socket: Socket | undefined;

  /** `onRule` hears of each request whose rule has just arrived (the console re-sends its row). */
  constructor(private readonly onRule: (requestId: string) => void = () => undefined) {}

  get size(): number {
    return this.rules.size;
  }

  ruleFor(requestId: string): string | undefined {
    return this.rules.get(requestId);
  }

  /** Takes one syslog message (or a bare JSON line); anything else is ignored. */
  take(message: string): void {
    const at = message.indexOf('{');
    if (at === -1) return;
    let line: { requestId?: unknown; rule?: unknown };
    try {
      line = JSON.parse(message.slice(at)) as typeof line;
    } catch {
      return;
    }
    if (typeof line.requestId !== 'string' || !line.requestId || typeof line.rule !== 'string') return;
    // Request ids are kept to 128 characters, as the handlers accept them; the same key replaces an entry.
    const requestId = line.requestId.slice(0, 128);
    this.rules.delete(requestId);
    this.rules.set(requestId, line.rule.slice(0, 256));
    while (this.rules.size > MAX_ENTRIES) {
      const oldest = this.rules.keys().next().value;
      if (oldest === undefined) break;
      this.rules.delete(oldest);
    }
    this.onRule(requestId);
  }

  /** Listens for syslog datagrams on host:port (port 0 picks one); resolves with the port. */
  async listen(host: string, port: number): Promise<number> {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.on('message', (datagram) => this.take(datagram.toString('utf8')));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    this.socket = socket;
    return socket.address().port;
  }

  close(): void {
    this.socket?.close();
  }
}
