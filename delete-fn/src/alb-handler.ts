import { configure } from '@codegenie/serverless-express';
import { PROBLEM_CONTENT_TYPE, problem, type Logger } from '@picus/core';
import type { ALBEvent, ALBResult, Context } from 'aws-lambda';
import type { Express } from 'express';

export type AlbHandler = (event: ALBEvent, context: Context) => Promise<ALBResult>;

/**
 * Adapts an Express app to ALB target-group events. A request the adapter itself cannot turn
 * into an HTTP request (e.g. a malformed percent-escape in the query) is answered with a 400
 * problem rather than an invocation error, which ALB would turn into an opaque 502.
 */
export function albHandler(app: Express, logger: Logger): AlbHandler {
  const proxy = configure({ app, eventSourceName: 'AWS_ALB', logSettings: { level: 'error' } });
  return async (event, context) => {
    try {
      return (await proxy(event, context, () => undefined)) as ALBResult;
    } catch (error) {
      logger.warn({ err: error, path: event.path }, 'could not adapt the ALB event');
      const headerStyle = event.multiValueHeaders ? 'multiValueHeaders' : 'headers';
      const headers = { 'content-type': PROBLEM_CONTENT_TYPE, 'x-served-by': 'delete-fn' };
      return {
        statusCode: 400,
        statusDescription: '400 Bad Request',
        isBase64Encoded: false,
        [headerStyle]: headerStyle === 'headers' ? headers : Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
        body: JSON.stringify(problem('malformedRequest', 'The request could not be read.')),
      };
    }
  };
}
