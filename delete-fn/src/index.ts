export { albHandler, type AlbHandler } from './alb-handler.js';
export { createDeleteFnApp, type DeleteFnDeps } from './app.js';
