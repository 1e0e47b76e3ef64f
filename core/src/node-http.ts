/**
 * `node:http` as its CommonJS exports object, for code on a cold-start path.
 *
 * An ESM `import { … } from 'node:http'` builds the module's namespace, and that reads every
 * export, including the lazy `WebSocket`, `CloseEvent` and `MessageEvent` getters, which load
 * undici. On Node 22.23 that is about 20 ms of CPU per process start, most of the DELETE Lambda's
 * margin over an SDK-only handler (bench/lambda-cold-init-ratio.ts). `process.getBuiltinModule`
 * hands back the exports object, whose getters run only if read. Type-only imports of `node:http`
 * cost nothing and stay as they are; eslint.config.js refuses value imports elsewhere.
 */
export const nodeHttp = process.getBuiltinModule('node:http');
