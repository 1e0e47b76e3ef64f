export { createApiApp, type ApiDeps } from './app.js';
export { startApiService } from './service.js';
