export { albHandler, type AlbHandler } from './alb-handler.js';
export { createDeleteFnApp, type DeleteFnApp, type DeleteFnDeps, type HttpRequest, type HttpResponse } from './app.js';
