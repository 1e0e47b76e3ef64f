import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createItemStoreFromConfig, createSyncLogger, loadConfig } from '@picus/core';
import { captureLogs, startTestDatabase } from '@picus/testkit';
import { albHandler } from '../src/alb-handler.js';
import { createDeleteFnApp } from '../src/app.js';
import { albEvent } from './alb-events.js';

describe("the Lambda's log lines", () => {
  it('when an instance is invoked twice, then every line carries cold_start (true only the first time), the function name and the AWS request id', async () => {
    const db = await startTestDatabase();
    try {
      const config = loadConfig(db.env);
      const store = createItemStoreFromConfig(config);
      const logs = captureLogs();
      const logger = createSyncLogger({ service: 'delete-fn', level: 'debug', destination: logs.destination });
      const handler = albHandler(
        createDeleteFnApp({ store, logger, validateResponses: true, maxBodyBytes: config.MAX_BODY_BYTES }),
        logger,
      );
      const item = await store.put({ name: 'Ada', role: 'engineer' });
      const invoke = (awsRequestId: string) =>
        handler(albEvent({ httpMethod: 'DELETE', path: `/picus/${item.id}` }), {
          awsRequestId,
          functionName: 'picus-delete-fn',
        } as Context);
      expect((await invoke('aws-1')).statusCode).toBe(200);
      expect((await invoke('aws-2')).statusCode).toBe(404);

      const lines = logs.lines().filter((line) => line.requestId !== undefined);
      const first = lines.filter((line) => line.function_request_id === 'aws-1');
      const second = lines.filter((line) => line.function_request_id === 'aws-2');
      expect(first.map((line) => line.msg)).toEqual(['request received', 'item deleted', 'request']);
      expect(second.map((line) => line.msg)).toEqual(['request received', 'request']);
      expect(first.every((line) => line.cold_start === true && line.function_name === 'picus-delete-fn')).toBe(true);
      expect(second.every((line) => line.cold_start === false)).toBe(true);
      expect(first.at(-1)).toMatchObject({
        service: 'delete-fn',
        method: 'DELETE',
        path: `/picus/${item.id}`,
        status: 200,
        durationMs: expect.any(Number),
      });
    } finally {
      await db.stop();
    }
  });
});
