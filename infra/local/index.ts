export * from './embedded-dynamodb.js';
