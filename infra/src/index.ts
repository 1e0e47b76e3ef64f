export * from './table-bootstrap.js';
export * from './topology.js';
