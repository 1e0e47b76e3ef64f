import { backoff } from './call-budget.js';
import { StoreUnavailableError } from './domain-errors.js';

/**
 * Each caller's answer after a batch call left some of its entries unprocessed (DynamoDB
 * throttling): the entries are sent again with backoff until none is left or `deadline` passes.
 * Callers whose entries were processed are answered at once; the others when theirs are, or with
 * StoreUnavailableError (503) if the deadline comes first. Shared by the batched reads
 * (`UnprocessedKeys`) and writes (`UnprocessedItems`).
 */
export function answerAfterUnprocessed<Entry, Answer>(options: {
  /** The item id of each caller, in the batch's order. */
  readonly callerIds: ReadonlyArray<string | undefined>;
  readonly unprocessed: readonly Entry[];
  readonly idOf: (entry: Entry) => string | undefined;
  /** One more batch call with these entries; resolves with those DynamoDB left unprocessed again. */
  readonly send: (entries: Entry[]) => Promise<Entry[]>;
  readonly deadline: number;
  /** A caller's answer once its entry is processed. */
  readonly answer: (id: string | undefined) => Answer;
  /** What the entries are, for the error ("keys", "items"). */
  readonly what: string;
}): Array<Answer | Promise<Answer>> {
  const { callerIds, idOf, answer } = options;
  const waiting = new Set(options.unprocessed.map(idOf));
  const left = (async () => {
    let pending = [...options.unprocessed];
    for (let attempt = 1; pending.length > 0 && (await backoff(attempt, options.deadline)); attempt += 1)
      pending = await options.send(pending);
    return new Set(pending.map(idOf));
  })();
  const throttled = new StoreUnavailableError(`DynamoDB left ${options.what} unprocessed (throttling).`, 2);
  return callerIds.map((id) =>
    waiting.has(id) ? left.then((stillLeft) => (stillLeft.has(id) ? Promise.reject(throttled) : answer(id))) : answer(id),
  );
}
