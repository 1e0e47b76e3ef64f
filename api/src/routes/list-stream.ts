import type { Request, Response } from 'express';
import type { ItemPage } from '@picus/core';

export interface StreamBounds {
  /** The most bytes of items one answer holds (at least one item is always written). */
  readonly maxBytes: number;
  /** How long the client may leave the socket full before it is cut off. */
  readonly writeDeadlineMs: number;
  /** The cursor that continues after the item with this id. */
  readonly cursorAfter: (id: string) => string;
}

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
 *
 * Bounded in bytes as well as items: once the items written would pass `maxBytes`, the answer ends
 * with a `next_cursor` after the last item written. A client that stops reading for
 * `writeDeadlineMs` is cut off (the connection closed) and the scan stopped, so it cannot keep a
 * page in memory for as long as it likes.
 */
export async function streamAllItems(req: Request, res: Response, pages: AsyncGenerator<ItemPage>, bounds: StreamBounds): Promise<void> {
  let next = await pages.next();
  res.status(200).type('application/json');
  let separator = '';
  let nextCursor: string | undefined;
  let bytes = 0;
  let lastId: string | undefined;
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
      const parts: string[] = [];
      let full = false;
      for (const item of items) {
        const json = JSON.stringify(item);
        const size = Buffer.byteLength(json) + 1;
        // At least one item per answer, whatever its size, so that a cursor always moves on; the item
        // that does not fit is the first of the next answer.
        if (bytes + size > bounds.maxBytes && lastId !== undefined) {
          full = true;
          nextCursor = bounds.cursorAfter(lastId);
          break;
        }
        bytes += size;
        parts.push(json);
        lastId = item.id;
      }
      if (parts.length > 0) {
        const chunk = separator + parts.join(',');
        separator = ',';
        if (!res.write(chunk) && (await drained(res, bounds.writeDeadlineMs)) === 'deadline') {
          req.log.warn({ writeDeadlineMs: bounds.writeDeadlineMs }, 'list client stopped reading; connection closed');
          res.destroy();
          await pages.return(undefined);
          return;
        }
      }
      if (full) {
        await pages.return(undefined);
        break;
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

/**
 * Resolves when the socket can take more, or when it closed (a 'drain' that never comes must not hang
 * us), or with 'deadline' when neither happened within `deadlineMs`.
 */
function drained(res: Response, deadlineMs: number): Promise<'drained' | 'deadline'> {
  if (res.destroyed) return Promise.resolve('drained');
  return new Promise((resolve) => {
    const done = (outcome: 'drained' | 'deadline') => {
      clearTimeout(timer);
      res.off('drain', onDrain);
      res.off('close', onDrain);
      resolve(outcome);
    };
    const onDrain = () => done('drained');
    const timer = setTimeout(() => done('deadline'), deadlineMs);
    res.on('drain', onDrain);
    res.on('close', onDrain);
  });
}
