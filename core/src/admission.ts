import type { RequestHandler, Response } from 'express';
import type { MemoryBudget, Reservation } from './memory-budget.js';
import { ProblemError } from './problem.js';

/**
 * Heap a request body costs per byte of its JSON at its peak: the text, the parsed body, the body
 * encoded for DynamoDB and the SDK's request beside it. Measured for the densest payloads a 400 KiB
 * body can be (lists of small numbers or objects: 29–34×; one long string: 3×); see docs/limits.md.
 */
export const BODY_HEAP_PER_BYTE = 32;

/**
 * Heap an item being answered costs per byte DynamoDB sent for it: the answer's text, its parse,
 * the decoded item and the response's JSON. Measured at 3–5× across payload shapes; see docs/limits.md.
 */
export const ITEM_HEAP_PER_WIRE_BYTE = 6;

/** The answer when the budget is spent: shed now, before any work, and say when to come back. */
export function overloaded(): ProblemError {
  return new ProblemError('serviceUnavailable', 'The api is at its memory budget. Retry shortly.', { headers: { 'Retry-After': '1' } });
}

/**
 * Reserves `bytes` of `budget` for as long as `res` is being answered, or throws {@link overloaded}.
 * Once the answer is complete and handed to the socket, the client has `writeDeadlineMs` to read it:
 * a client that stops reading is cut off, so its answer does not stay in memory.
 */
export function reserveForResponse(budget: MemoryBudget, res: Response, bytes: number, writeDeadlineMs: number): Reservation {
  const reservation = budget.tryReserve(bytes);
  if (!reservation) throw overloaded();
  let deadline: NodeJS.Timeout | undefined;
  res.once('prefinish', () => {
    deadline = setTimeout(() => res.destroy(), writeDeadlineMs);
    deadline.unref();
  });
  whenClosed(res, () => {
    clearTimeout(deadline);
    reservation.release();
  });
  return reservation;
}

/**
 * Runs `done` once `res` has closed, or at once if it already has: a client may leave before a
 * handler gets to listen (while a validator or a queue made it wait), and a share of the budget or a
 * turn handed out after that 'close' would otherwise never come back.
 */
export function whenClosed(res: Response, done: () => void): void {
  if (res.closed) done();
  else res.once('close', done);
}

/**
 * Admits a request with a body against the budget before the body is read (a body without a
 * Content-Length is charged as the largest allowed); one past the budget is answered 503 at once.
 */
export function admitBodies(options: { budget: MemoryBudget; maxBodyBytes: number; writeDeadlineMs: number }): RequestHandler {
  return (req, res, next) => {
    const declared = req.headers['content-length'];
    const chunked = req.headers['transfer-encoding'] !== undefined;
    if (declared === undefined && !chunked) return next();
    const bodyBytes = Math.min(declared === undefined ? options.maxBodyBytes : Number(declared) || 0, options.maxBodyBytes);
    if (bodyBytes === 0) return next();
    reserveForResponse(options.budget, res, bodyBytes * BODY_HEAP_PER_BYTE, options.writeDeadlineMs);
    next();
  };
}
