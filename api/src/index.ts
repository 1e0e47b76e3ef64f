export { createApiApp, type ApiDeps } from './app.js';
