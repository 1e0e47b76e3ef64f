import { isPortFree } from '@picus/infra';
import { describe, expect, it } from 'vitest';
import { cliIn } from './cli.js';
import { evaluateThroughInspector } from './node-inspect.js';

/** A first inspector port whose next one is free too (two api processes take one each). */
async function twoFreePorts(): Promise<number> {
  for (let port = 20_000 + Math.floor(Math.random() * 20_000); ; port += 2) {
    if ((await isPortFree(port)) && (await isPortFree(port + 1))) return port;
  }
}

describe('make dev INSPECT=api', () => {
  it('when the api runs two replicas, then each prints a ws:// inspector URL on a port of its own, and Node’s inspector client attaches to that very process', async () => {
    const stack = await cliIn();
    const firstPort = await twoFreePorts();
    const dev = stack.follow('dev', { INSPECT: 'api', INSPECT_PORT: String(firstPort), API_REPLICAS: '2' });
    try {
      await dev.waitFor(/Watching .* sources/, 60_000);
      const inspectors = [...dev.output().matchAll(/inspector +api on 127\.0\.0\.1:(\d+) +(ws:\/\/127\.0\.0\.1:(\d+)\/[\w-]+)/g)].map(
        (match) => ({ port: Number(match[1]), url: match[2] ?? '', urlPort: Number(match[3]) }),
      );
      expect(inspectors.map((inspector) => inspector.port)).toEqual([firstPort, firstPort + 1]);
      for (const inspector of inspectors) expect(inspector.urlPort).toBe(inspector.port);

      const attached = await Promise.all(
        inspectors.map(async ({ port }) => ({
          pid: await evaluateThroughInspector(port, 'process.pid'),
          script: await evaluateThroughInspector(port, 'process.argv[1]'),
        })),
      );
      for (const { script } of attached) expect(script).toMatch(/api\/dist\/server\.js'?$/);
      expect(new Set(attached.map(({ pid }) => pid)).size, 'two different api processes').toBe(2);
    } finally {
      expect(await dev.interrupt()).toBe(0);
    }
  }, 90_000);
});
