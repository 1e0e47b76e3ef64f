export * from './picus-client.js';
export * from './picus-problem-error.js';
