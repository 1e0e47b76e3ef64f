/**
 * The DevTools WebSocket URL a process started with `--inspect=127.0.0.1:<port>` serves, from the
 * inspector's own HTTP endpoint (`/json/list`), for a debugger client to attach to.
 */
export async function inspectorUrl(port: number): Promise<string | undefined> {
  const targets = (await fetch(`http://127.0.0.1:${port}/json/list`, { signal: AbortSignal.timeout(2_000) })
    .then((response) => response.json())
    .catch(() => [])) as Array<{ webSocketDebuggerUrl?: string }>;
  return targets[0]?.webSocketDebuggerUrl;
}
