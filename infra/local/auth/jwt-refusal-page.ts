import type { ServerResponse } from 'node:http';
import { JWT_REFUSAL_BODY, JWT_REFUSAL_CONTENT_TYPE, JWT_REFUSAL_STATUS, WWW_AUTHENTICATE } from '@picus/infra';
import type { ExchangeRecorder } from '../alb/alb-error-page.js';

/** Answers a request the JWT check refused as the load balancer does (see infra/src/jwt-refusal.ts). */
export function refuseJwt(res: ServerResponse, reason: 'missing' | 'invalid', exchange?: ExchangeRecorder): void {
  if (res.headersSent) return;
  const headers = { 'content-type': JWT_REFUSAL_CONTENT_TYPE, 'www-authenticate': WWW_AUTHENTICATE[reason], server: 'awselb/2.0' };
  res.writeHead(JWT_REFUSAL_STATUS, headers);
  exchange?.responseHeaders(headers);
  exchange?.responseChunk(JWT_REFUSAL_BODY);
  res.end(JWT_REFUSAL_BODY);
}
