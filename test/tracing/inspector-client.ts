/** What the tests ask of a process through its Node inspector (DevTools protocol over a WebSocket). */
export interface Inspector {
  /** The process's own CPU time (user + system) so far, in µs. */
  cpuUs(): Promise<number>;
  /** Its heap in use right after a full GC, in bytes. */
  heapAfterGc(): Promise<number>;
  close(): void;
}

/** Attaches to a process started with `--inspect=127.0.0.1:<port>`. */
export async function attachInspector(port: number): Promise<Inspector> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl?: string }>;
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error(`no inspector answers on 127.0.0.1:${port}`);
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  let lastId = 0;
  const pending = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id !== undefined) pending.get(message.id)?.(message);
    pending.delete(message.id ?? -1);
  });
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = (lastId += 1);
      pending.set(id, (message) => (message.error ? reject(new Error(`${method}: ${message.error.message}`)) : resolve(message.result)));
      socket.send(JSON.stringify({ id, method, params }));
    });
  const evaluate = async (expression: string) => {
    const { result } = (await send('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value?: unknown } };
    return Number(result.value);
  };
  return {
    cpuUs: () => evaluate('(() => { const { user, system } = process.cpuUsage(); return user + system; })()'),
    heapAfterGc: async () => {
      await send('HeapProfiler.collectGarbage');
      return evaluate('process.memoryUsage().heapUsed');
    },
    close: () => socket.close(),
  };
}
