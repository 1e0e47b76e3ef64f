export * from './alb/alb-emulator.js';
export * from './alb/rule-matcher.js';
export * from './alb/target-group.js';
export * from './lambda/alb-lambda-event.js';
export * from './lambda/lambda-host.js';
export * from './supervisor/embedded-stack.js';
export { isRunning } from './process/ps-inspector.js';
export { startProcess, stopPid, stopStarted, type ProcessSpec, type StartedProcess } from './process/child-process.js';
export { ADMIN_TOKEN_HEADER, adminHeaders } from './alb/admin-api.js';
