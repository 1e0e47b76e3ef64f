/**
 * Preloaded (`node --import`) into every process the stack supervises, so that no service carries
 * local-stack code of its own (the production api's entry point knows nothing of it):
 * - it tells the supervisor each port the process starts listening on, from Node's own
 *   `net.server.listen` tracing channel;
 * - attached to a parent that waits on it (tests, `make dev`), it stops the process gracefully
 *   (SIGTERM, so it drains) when the parent goes away, which would otherwise leave it holding its
 *   ports forever (`make up`'s supervisor is such a parent: when it dies, its services go too);
 * - an error nothing caught (a configuration refused at start, in an entry file or in the bundle
 *   the Lambda host loads) is printed one line per problem, not as V8's report, which quotes the
 *   failing source line: in a bundle, thousands of characters.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { AddressInfo, Server } from 'node:net';
import * as z from 'zod/mini';
import { parseEnv } from '@picus/core';
import { reportStartupErrors } from './startup-errors.js';
import type { ListeningMessage } from './ipc-messages.js';

reportStartupErrors();
const env = parseEnv(z.object({ PICUS_SUPERVISION: z._default(z.enum(['attached', 'detached']), 'detached') }), process.env);

if (process.send) {
  subscribe('tracing:net.server.listen:asyncEnd', (message) => {
    const address = (message as { server?: Server }).server?.address();
    if (address && typeof address === 'object') {
      const listening: ListeningMessage = { type: 'listening', port: (address as AddressInfo).port };
      process.send?.(listening);
    }
  });
  if (env.PICUS_SUPERVISION === 'attached') process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  // The channel must not keep a process alive that would otherwise exit.
  process.channel?.unref();
}
