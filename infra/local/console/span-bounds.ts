import { SpanAttr } from '@picus/core';
import { BODY_CAP_BYTES, capText } from '../telemetry/body-capture.js';
import {
  isSecretHeader,
  MASK,
  maskAlbMessage,
  maskBodyText,
  maskHeaders,
  maskQuery,
  SECRET_HEADERS,
  SECRET_NAME,
} from '../telemetry/masking.js';
import type { AttributeValue, SpanRecord } from './otlp-json.js';

/** At most this many attributes are kept of a span; the rest are dropped. */
export const MAX_ATTRIBUTES = 128;
/** Any text attribute longer than this is cut (bodies and the ALB event have their own, smaller caps). */
export const MAX_TEXT_BYTES = 64 * 1024;

const BODIES: ReadonlyArray<[body: string, truncated: string]> = [
  [SpanAttr.requestBody, SpanAttr.requestBodyTruncated],
  [SpanAttr.responseBody, SpanAttr.responseBodyTruncated],
];
const ALB_MESSAGES: ReadonlyArray<[json: string, truncated: string]> = [
  [SpanAttr.lambdaEvent, SpanAttr.lambdaEventTruncated],
  [SpanAttr.lambdaResult, SpanAttr.lambdaResultTruncated],
];

/**
 * Applies the console's bounds to a span from anywhere, whatever its producer already did: secret
 * headers masked (in the header maps, the ALB event and result, and the semantic-convention
 * `http.request.header.<name>` attributes), bodies capped and marked as cut, every other text
 * capped, and the attribute count bounded. The router and the Lambda host mask and cap at the
 * source already; this is the second fence, for spans from other producers.
 */
export function boundSpan(span: SpanRecord): SpanRecord {
  const attributes: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(span.attributes).slice(0, MAX_ATTRIBUTES)) {
    const header = /^http\.(?:request|response)\.header\.(.+)$/.exec(key)?.[1];
    if (header && isSecretHeader(header)) attributes[key] = Array.isArray(value) ? value.map(() => MASK) : MASK;
    else attributes[key] = typeof value === 'string' ? capText(value, MAX_TEXT_BYTES).text : value;
  }
  for (const key of [SpanAttr.requestHeaders, SpanAttr.responseHeaders]) {
    const headers = parseJson(attributes[key]);
    if (headers && typeof headers === 'object') attributes[key] = JSON.stringify(maskHeaders(headers as Record<string, string>));
    else delete attributes[key];
  }
  const query = attributes[SpanAttr.query];
  if (typeof query === 'string') attributes[SpanAttr.query] = maskQuery(query);
  for (const [key, truncatedKey] of BODIES) {
    const body = attributes[key];
    if (typeof body !== 'string') continue;
    const capped = capText(
      attributes[key === SpanAttr.requestBody ? SpanAttr.requestBodyEncoding : SpanAttr.responseBodyEncoding] === 'base64'
        ? body
        : maskBodyText(body),
      BODY_CAP_BYTES,
    );
    attributes[key] = capped.text;
    if (capped.truncated) attributes[truncatedKey] = true;
  }
  for (const [key, truncatedKey] of ALB_MESSAGES) {
    const text = attributes[key];
    if (typeof text !== 'string') continue;
    const message = parseJson(text);
    if (message === undefined) {
      // Cut at the source, so no longer JSON: mask what looks like a secret header in the text.
      attributes[key] = text.replace(SECRET_IN_JSON, `"$1":"${MASK}"`);
      continue;
    }
    const capped = capText(JSON.stringify(message && typeof message === 'object' ? maskAlbMessage(message) : message));
    attributes[key] = capped.text;
    if (capped.truncated) attributes[truncatedKey] = true;
  }
  return { ...span, name: capText(span.name, 256).text, attributes };
}

/** A secret header's value in JSON text (possibly cut short), the names from masking.ts's list. */
const SECRET_IN_JSON = new RegExp(
  `"(${[...SECRET_HEADERS].join('|')}|[^"\\\\]*(?:${SECRET_NAME.source})[^"\\\\]*)"\\s*:\\s*(?:"(?:[^"\\\\]|\\\\.)*"?|\\[[^\\]]*\\]?)`,
  'gi',
);

/** JSON text parsed, or undefined when it is not JSON (a capped text from a producer is kept as it is). */
function parseJson(value: AttributeValue | undefined): unknown {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}
