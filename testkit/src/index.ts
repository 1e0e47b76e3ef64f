export * from './serve.js';
export * from './test-database.js';
export * from './test-logger.js';
export * from './curl-flow.js';
export * from './load.js';
export * from './acknowledged-writes.js';
export * from './wait-for.js';
export * from './spec-operations.js';
