import * as z from 'zod/mini';
import { configSchema, documented, envInteger, envText } from '@picus/core';

/**
 * The variables every server process of the local stack reads, with the pieces (and so the
 * spelling of numbers and booleans) core's handler config uses. Each entry file adds its own.
 */
export function serverEnv(defaultPort: number) {
  return {
    PORT: z._default(documented(envInteger(0, 65535), 'Port to listen on; 0 picks a free one (reported to the supervisor).'), defaultPort),
    HOST: z._default(documented(envText(1), 'Address to bind; containers use 0.0.0.0.'), '127.0.0.1'),
    LOG_LEVEL: configSchema.shape.LOG_LEVEL,
  };
}
