/**
 * Called first by every process entry of the local stack (and by the preload of every process the
 * stack supervises): from then on, an error nothing caught, such as a configuration refused at start, is printed
 * one line per problem, prefixed by the service, and the process exits with 1. Without it Node
 * prints V8's report, which quotes the failing source line: in a bundle, thousands of characters.
 */
import { basename } from 'node:path';
import { exitOnStartupError } from '@picus/core';

export function reportStartupErrors(
  service = process.env.PICUS_SERVICE || process.env.SERVICE_NAME || basename(process.argv[1] ?? 'node', '.js'),
): void {
  if (process.listenerCount('uncaughtException') === 0) process.on('uncaughtException', exitOnStartupError(service));
}
