import { spawn } from 'node:child_process';
import { waitFor } from '@picus/testkit';

/**
 * Attaches Node's own inspector client (`node inspect host:port`, the debugger built on the
 * inspector protocol) to a process started with `--inspect`, evaluates `expression` in it, and
 * detaches. Resolves with what the debugger printed for it.
 */
export async function evaluateThroughInspector(port: number, expression: string): Promise<string> {
  const client = spawn(process.execPath, ['inspect', `127.0.0.1:${port}`], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  client.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  client.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => client.once('exit', () => resolve()));
  try {
    await waitFor(() => /connecting to .* ok[\s\S]*debug> $/.test(output), {
      what: `the inspector on ${port} to accept the client: ${output}`,
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    const before = output.length;
    client.stdin.write(`exec ${expression}\n`);
    await waitFor(() => /debug> $/.test(output.slice(before)), {
      what: `an answer to "${expression}": ${output}`,
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    return output
      .slice(before)
      .replace(/debug> $/, '')
      .trim();
  } finally {
    client.stdin.end('.exit\n');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    client.kill('SIGKILL');
  }
}
