export * from './serve.js';
export * from './test-database.js';
export * from './test-logger.js';
export * from './curl-flow.js';
