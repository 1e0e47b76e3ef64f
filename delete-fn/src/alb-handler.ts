import { nodeHttp, type Logger } from '@picus/core';
import type { ALBEvent, ALBResult, Context } from 'aws-lambda';
import type { DeleteFnApp } from './app.js';
import type { HttpRequest } from './http-message.js';

export type AlbHandler = (event: ALBEvent, context: Context) => Promise<ALBResult>;

/**
 * Adapts the app to ALB target-group events, single- or multi-value (ALB passes the query string
 * still percent-encoded, as the app reads it). Every log line of an invocation carries `cold_start`,
 * `function_name` and `function_request_id` (the AWS request id), as Powertools' logger names them;
 * `logger` is the app's, for the log lines of the adapter itself.
 */
export function albHandler(app: DeleteFnApp, logger: Logger): AlbHandler {
  let coldStart = true;
  return async (event, context) => {
    const bindings = { cold_start: coldStart, function_name: context.functionName, function_request_id: context.awsRequestId };
    if (coldStart) logger.debug(bindings, 'first invocation of this instance');
    coldStart = false;
    const answer = await app.respond(requestOf(event), bindings);
    const statusDescription = `${answer.status} ${nodeHttp.STATUS_CODES[answer.status] ?? ''}`.trim();
    return event.multiValueHeaders
      ? {
          statusCode: answer.status,
          statusDescription,
          isBase64Encoded: false,
          multiValueHeaders: Object.fromEntries(Object.entries(answer.headers).map(([k, v]) => [k, [v]])),
          body: answer.body,
        }
      : { statusCode: answer.status, statusDescription, isBase64Encoded: false, headers: { ...answer.headers }, body: answer.body };
  };
}

function requestOf(event: ALBEvent): HttpRequest & { headers: Record<string, string | undefined> } {
  const headers: Record<string, string | undefined> = {};
  if (event.multiValueHeaders) {
    for (const [name, values] of Object.entries(event.multiValueHeaders)) if (values) headers[name.toLowerCase()] = values.join(', ');
  } else {
    for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const pairs = event.multiValueQueryStringParameters
    ? Object.entries(event.multiValueQueryStringParameters).flatMap(([key, values]) => (values ?? []).map((value) => [key, value] as const))
    : Object.entries(event.queryStringParameters ?? {}).map(([key, value]) => [key, value ?? ''] as const);
  const body = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  return { method: event.httpMethod, path: event.path, rawQuery: pairs.map(([key, value]) => `${key}=${value}`).join('&'), headers, body };
}
