import type { ALBEvent, ALBResult } from 'aws-lambda';

/** ALB refuses Lambda requests and responses larger than this. */
export const ALB_LAMBDA_MAX_BYTES = 1_048_576;

/** ALB sends these bodies as text; any other content type is base64-encoded. */
const TEXT_CONTENT_TYPE = /^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded)|[^;]*\+(json|xml)\b)/i;

export interface IncomingRequest {
  readonly method: string;
  /** Path and query string as received, still percent-encoded. */
  readonly url: string;
  /** Raw header pairs, as node:http's `rawHeaders`. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

/**
 * Builds the event ALB sends a Lambda target: lowercased header names, the query string as
 * received (ALB does not decode it), the body as text or base64, and the target group ARN. With
 * multi-value headers on, repeated headers and parameters keep every value; off, the last wins.
 */
export function toAlbEvent(incoming: IncomingRequest, options: { targetGroupArn: string; multiValueHeaders: boolean }): ALBEvent {
  const [rawPath = '/', rawQuery = ''] = splitOnce(incoming.url, '?');
  const headerPairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2)
    headerPairs.push([incoming.rawHeaders[i]!.toLowerCase(), incoming.rawHeaders[i + 1]!]);
  const queryPairs: Array<[string, string]> = rawQuery
    .split('&')
    .filter(Boolean)
    .map((part) => splitOnce(part, '=') as [string, string]);

  const contentType = headerPairs.find(([name]) => name === 'content-type')?.[1] ?? '';
  const isText = incoming.body.length === 0 || TEXT_CONTENT_TYPE.test(contentType);
  const base = {
    requestContext: { elb: { targetGroupArn: options.targetGroupArn } },
    httpMethod: incoming.method,
    path: rawPath,
    body: isText ? incoming.body.toString('utf8') : incoming.body.toString('base64'),
    isBase64Encoded: !isText,
  };
  if (options.multiValueHeaders) {
    return { ...base, multiValueHeaders: group(headerPairs), multiValueQueryStringParameters: group(queryPairs) };
  }
  return { ...base, headers: Object.fromEntries(headerPairs), queryStringParameters: Object.fromEntries(queryPairs) };
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Array<[string, string]>;
  readonly body: Buffer;
}

/** Why ALB would answer 502 instead of the function's result. */
export class MalformedLambdaResultError extends Error {
  override readonly name = 'MalformedLambdaResultError';
}

/**
 * Turns a Lambda result into the HTTP answer ALB sends, enforcing ALB's contract: an object with
 * an integer statusCode from 100 to 599, string header values, a string body (base64 when
 * isBase64Encoded), at most 1 MB in all.
 */
export function fromAlbResult(result: unknown): HttpAnswer {
  if (typeof result !== 'object' || result === null) throw new MalformedLambdaResultError('the result is not an object');
  const { statusCode, headers, multiValueHeaders, body, isBase64Encoded } = result as ALBResult;
  const status = typeof statusCode === 'string' ? Number(statusCode) : statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
    throw new MalformedLambdaResultError('statusCode is missing or invalid');
  if (body !== undefined && body !== null && typeof body !== 'string') throw new MalformedLambdaResultError('body is not a string');
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers ?? {})) pairs.push([name, String(value)]);
  for (const [name, values] of Object.entries(multiValueHeaders ?? {})) {
    if (!Array.isArray(values)) throw new MalformedLambdaResultError(`multiValueHeaders.${name} is not an array`);
    for (const value of values) pairs.push([name, String(value)]);
  }
  const bytes = isBase64Encoded ? Buffer.from(body ?? '', 'base64') : Buffer.from(body ?? '', 'utf8');
  if (bytes.length > ALB_LAMBDA_MAX_BYTES) throw new MalformedLambdaResultError('the response is larger than 1 MB');
  return { status, headers: pairs, body: bytes };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

function group(pairs: ReadonlyArray<[string, string]>): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const [name, value] of pairs) (grouped[name] ??= []).push(value);
  return grouped;
}
