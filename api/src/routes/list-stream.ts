import type { Request, Response } from 'express';
import type { ItemPage } from '@picus/core';

/**
 * Writes `{"items":[…],"next_cursor"?}` page by page as the store yields them, so a list of every
 * item costs the memory of one DynamoDB page (≤ 1 MB), not of the whole table. Honours the
 * socket's back-pressure, and stops scanning when the client goes away.
 *
 * The first page is read before anything is sent, so a DynamoDB failure there is still a clean
 * problem answer (503). A failure after the answer has started cannot change its status: the
 * connection is closed instead, so the client sees a truncated body (invalid JSON), never a list
 * that parses but misses items. Not passed through response validation (it only sees `res.json`);
 * each item is the same stored item `GET /picus/get/{id}` answers, validated there.
 */
export async function streamAllItems(req: Request, res: Response, pages: AsyncGenerator<ItemPage>): Promise<void> {
  let next = await pages.next();
  res.status(200).type('application/json');
  let separator = '';
  let nextCursor: string | undefined;
  try {
    res.write('{"items":[');
    while (!next.done) {
      // Checked before each write, after each wait: the client may have gone while a Scan ran, and a
      // write to a closed socket never drains.
      if (res.destroyed) {
        await pages.return(undefined);
        return;
      }
      const { items } = next.value;
      nextCursor = next.value.nextCursor ?? nextCursor;
      if (items.length > 0) {
        const chunk = separator + items.map((item) => JSON.stringify(item)).join(',');
        separator = ',';
        if (!res.write(chunk)) await drained(res);
      }
      next = await pages.next();
    }
  } catch (error) {
    req.log.error({ err: error }, 'list failed after the answer started; connection closed');
    res.destroy();
    return;
  }
  res.end(nextCursor === undefined ? ']}' : `],"next_cursor":${JSON.stringify(nextCursor)}}`);
}

/** Resolves when the socket can take more, or when it closed (a 'drain' that never comes must not hang us). */
function drained(res: Response): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
