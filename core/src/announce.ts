/**
 * Writes the one line a supervisor waits for, `{"msg":"listening","port":N,…}`, whatever the log
 * level: the local stack reads each service's port from it (services may take port 0). It has
 * the shape of the other log lines, so log tooling reads it too.
 */
export function announceListening(service: string, port: number, details: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level: 'info', time: new Date().toISOString(), service, ...details, port, msg: 'listening' })}\n`);
}
