import { REPO_ROOT } from '@picus/infra';
import { join } from 'node:path';
import type { RowDeps } from './scenario-rows.js';
import { health, stream } from './scenarios.js';
import { spawnService } from './spawn-service.js';

/** The floor under the api: a bare node:http server answering health, in a process of its own. */
export async function benchBareHttp({ scenario, cleanup, workDir, caps }: RowDeps): Promise<void> {
  console.log('Bare node:http server (its own process):');
  const bare = await spawnService(join(REPO_ROOT, 'bench/dist/bare-http-server.js'), { logFile: join(workDir, 'bare.log') });
  const unregister = cleanup.add(() => bare.stop());
  try {
    const url = `http://127.0.0.1:${bare.port}`;
    await scenario('health', 'bare node:http', 'bare', [stream(url, [health()], caps)], { bare: bare.pid });
  } finally {
    unregister();
    await bare.stop();
  }
}

/** A bare Express 5 app answering the same health JSON, to show what the framework costs. */
export async function benchBareExpress({ scenario, prewarm, cleanup, workDir, caps }: RowDeps): Promise<void> {
  console.log('Bare Express 5 app (its own process, the same health JSON through res.json):');
  const bare = await spawnService(join(REPO_ROOT, 'bench/dist/bare-express-server.js'), { logFile: join(workDir, 'bare-express.log') });
  const unregister = cleanup.add(() => bare.stop());
  try {
    const url = `http://127.0.0.1:${bare.port}`;
    await prewarm('the bare Express app', [stream(url, [health()], { maxRequests: caps.maxRequests }, 10)]);
    await scenario('health', 'bare Express 5', 'bare', [stream(url, [health()], caps)], { bare: bare.pid });
  } finally {
    unregister();
    await bare.stop();
  }
}
