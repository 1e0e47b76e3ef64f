import { createServer } from 'node:net';

/** Resolves true when nothing listens on host:port (we could bind it ourselves). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/**
 * Below Linux's ephemeral range (32768–60999), which the kernel also hands out as the source port of
 * outgoing connections: a port picked from that range can be taken by any busy client on the machine
 * before the process it was picked for binds it (a parallel test's load, say).
 */
const FIXED_PORT_RANGE = { from: 20_000, to: 32_000 } as const;

/**
 * A port nothing listens on right now, for a process that must be given a fixed port (nginx, a
 * `make up` run in a test). Another process may still take it before it is used: prefer port 0 and
 * a reported port wherever the process can report one.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = FIXED_PORT_RANGE.from + Math.floor(Math.random() * (FIXED_PORT_RANGE.to - FIXED_PORT_RANGE.from));
    if (await isPortFree(port, host)) return port;
  }
  // The whole range busy: any port the kernel offers.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
