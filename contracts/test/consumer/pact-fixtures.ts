import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { fileURLToPath } from 'node:url';
import { consumerName, providerName } from '../support/provider-states.js';

const { like, regex, string, integer, eachLike, uuid, datetime } = MatchersV3;

/** A PactV4 for the client and the API, writing to contracts/pacts/. */
export function createPicusPact(): PactV4 {
  return new PactV4({
    consumer: consumerName,
    provider: providerName,
    dir: fileURLToPath(new URL('../../pacts', import.meta.url)),
    logLevel: 'warn',
  });
}

/**
 * Response content types with matchers, not literals: the provider may add parameters such as
 * `; charset=utf-8`, which the client does not care about.
 */
export const jsonContentType = { 'Content-Type': regex('^application/json(;.*)?$', 'application/json') };
export const problemContentType = { 'Content-Type': regex('^application/problem\\+json(;.*)?$', 'application/problem+json') };

/** What the client reads of an item: its uuid, its payload's required strings, the ISO timestamp. */
export function itemLike(example: { id: string; payload: { name: string; role: string }; created_at: string }) {
  return {
    id: uuid(example.id),
    payload: like({ name: string(example.payload.name), role: string(example.payload.role) }),
    created_at: datetime("yyyy-MM-dd'T'HH:mm:ss.SSSX", example.created_at),
  };
}

/** The problem fields the client's PicusProblemError reads; `detail` is asserted by value where the original API fixed it. */
export function problemLike(status: number, detail: string, options: { exactDetail?: boolean } = {}) {
  return {
    type: string(`/problems/${status === 404 ? 'not-found' : 'validation-failed'}`),
    title: string(status === 404 ? 'Not found' : 'Validation failed'),
    status: integer(status),
    detail: options.exactDetail ? detail : string(detail),
  };
}

/** A validation problem with at least one field error, which the client surfaces to callers. */
export function validationProblemLike(location: 'body' | 'query') {
  return {
    ...problemLike(422, "The request does not match the API's schema."),
    errors: eachLike({ location, message: string("must have required property 'role'") }),
  };
}
