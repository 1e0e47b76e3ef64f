import dynalite from 'dynalite';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmbeddedDynamoDb {
  /** e.g. http://127.0.0.1:4566 */
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Starts dynalite, a DynamoDB-protocol server on LevelDB, in this process. With `path` the data
 * persists on disk across restarts; without it the data lives in memory. Tables become ACTIVE
 * after a short delay, as on DynamoDB, so callers wait (see ensureTable).
 */
export async function startEmbeddedDynamoDb(options: { host?: string; port?: number; path?: string } = {}): Promise<EmbeddedDynamoDb> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 10,
    deleteTableMs: 10,
    updateTableMs: 10,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://${host}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
