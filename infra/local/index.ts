export * from './alb-emulator.js';
export * from './alb-lambda-event.js';
export * from './embedded-dynamodb.js';
export * from './lambda-host.js';
export * from './listener-rules.js';
export * from './path-pattern.js';
export * from './stack.js';
export * from './target-group.js';
export { isRunning, startProcess, stopPid, type StartedProcess } from './managed-process.js';
