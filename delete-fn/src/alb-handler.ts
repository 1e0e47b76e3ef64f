import { configure } from '@codegenie/serverless-express';
import { PROBLEM_CONTENT_TYPE, problem, type Logger } from '@picus/core';
import type { ALBEvent, ALBResult, Context } from 'aws-lambda';
import type { Express } from 'express';

export type AlbHandler = (event: ALBEvent, context: Context) => Promise<ALBResult>;

/**
 * Adapts an Express app to ALB target-group events. ALB passes query strings still
 * percent-encoded; the adapter decodes them and answers a malformed escape with a bare 500, so
 * such requests are answered here with a 400 problem first.
 */
export function albHandler(app: Express, logger: Logger): AlbHandler {
  const proxy = configure({ app, eventSourceName: 'AWS_ALB', logSettings: { level: 'error' } });
  return async (event, context) => {
    if (hasMalformedEscape(event)) {
      logger.info({ path: event.path }, 'malformed percent-escape in the query string');
      return badRequest(event);
    }
    return (await proxy(event, context, () => undefined)) as ALBResult;
  };
}

function hasMalformedEscape(event: ALBEvent): boolean {
  const single = Object.entries(event.queryStringParameters ?? {}).flatMap(([key, value]) => [key, value ?? '']);
  const multi = Object.entries(event.multiValueQueryStringParameters ?? {}).flatMap(([key, values]) => [key, ...(values ?? [])]);
  return [...single, ...multi].some((text) => {
    try {
      decodeURIComponent(text.replace(/\+/g, '%20'));
      return false;
    } catch {
      return true;
    }
  });
}

function badRequest(event: ALBEvent): ALBResult {
  const headers = { 'content-type': PROBLEM_CONTENT_TYPE, 'x-served-by': 'delete-fn' };
  const body = JSON.stringify(problem('malformedRequest', 'The query string holds a malformed percent-escape.'));
  return event.multiValueHeaders
    ? { statusCode: 400, statusDescription: '400 Bad Request', isBase64Encoded: false, multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])), body }
    : { statusCode: 400, statusDescription: '400 Bad Request', isBase64Encoded: false, headers, body };
}
