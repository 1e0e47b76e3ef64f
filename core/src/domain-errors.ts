/**
 * Errors raised below the transports: the item store raises {@link StoreUnavailableError} and
 * {@link ItemTooLargeError}, the cursor codec {@link InvalidCursorError}, and the JSON body reviver
 * in `create-app.ts` {@link UnrepresentableNumberError}. They carry
 * no HTTP status: each transport maps them once (see `error-handler.ts`).
 */

/** The data store cannot serve the call now (unreachable, timed out, throttled): worth a retry. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A list cursor that this API did not issue, or that was altered. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

/** The item, once stored, would exceed the data store's item size limit. */
export class ItemTooLargeError extends Error {
  override readonly name = 'ItemTooLargeError';
}

/**
 * The body holds a number JSON can write but JavaScript cannot hold (e.g. 1e999 is Infinity):
 * storing it would silently change it, so it is refused.
 */
export class UnrepresentableNumberError extends SyntaxError {
  override readonly name = 'UnrepresentableNumberError';
  constructor(readonly key: string) {
    super(`The number at "${key}" is out of range: numbers must be finite (at most about 1.8e308).`);
  }
}

/**
 * The payload holds something DynamoDB cannot store as a map: a number outside its range or
 * precision, or nesting deeper than its 32 levels. Refused (a 422 naming the reason) rather than
 * stored changed.
 */
export class UnrepresentablePayloadError extends Error {
  override readonly name = 'UnrepresentablePayloadError';
  constructor(
    message: string,
    /** Where in the payload, as a JSON pointer ("/a/0/b"). */
    readonly pointer: string,
  ) {
    super(message);
  }
}
