import type { BatchGetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';

/**
 * Calls `onBytes` with the size of the HTTP answer DynamoDB sent for this one command (its
 * Content-Length), so the store learns what its items weigh without measuring them again. Added to
 * the command's own middleware stack: other calls through the shared client are untouched.
 */
export function measureWireBytes<C extends BatchGetItemCommand | ScanCommand>(command: C, onBytes: (bytes: number) => void): C {
  (command.middlewareStack as BatchGetItemCommand['middlewareStack']).add(
    (next) => async (args) => {
      const result = await next(args);
      const length = (result.response as { headers?: Record<string, string | undefined> } | undefined)?.headers?.['content-length'];
      if (length !== undefined) onBytes(Number(length));
      return result;
    },
    { step: 'deserialize', name: 'picusWireBytes' },
  );
  return command;
}
