export * from './embedded-dynamodb.js';
export * from './ports.js';
export * from './path-pattern.js';
export * from './repo-root.js';
export * from './table-bootstrap.js';
export * from './topology.js';
export * from './required-claims.js';
export * from './jwt-refusal.js';
