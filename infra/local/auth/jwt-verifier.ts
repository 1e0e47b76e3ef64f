import { verify, type KeyObject } from 'node:crypto';
import { claimSatisfied, type RequiredClaim } from '@picus/infra';

/** What a rule's JWT check is given: ALB's `JwtValidationConfig`. */
export interface JwtCheck {
  readonly issuer: string;
  readonly requiredClaims: readonly RequiredClaim[];
  /** The issuer's keys that may have signed a token naming this key id (see `jwks-client.ts`). */
  keysFor(kid: string | undefined): Promise<KeyObject[]>;
  /** Seconds since the epoch; tests move it. */
  readonly now?: () => number;
}

/**
 * Why a request was refused, for the access log: `missing` when no bearer token came, `invalid`
 * for every other failure (one answer to the client, as ALB gives one, so a caller learns nothing
 * about which check failed); `detail` is for the log only.
 */
export type JwtOutcome =
  | { readonly ok: true; readonly claims: Record<string, unknown> }
  | { readonly ok: false; readonly reason: 'missing' | 'invalid'; readonly detail: string };

const fail = (detail: string): JwtOutcome => ({ ok: false, reason: 'invalid', detail });

const decodeJson = (part: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Verifies the bearer token of an `Authorization` header with ALB's jwt-validation semantics:
 * RS256 only (so `alg: none` and HS256 fail before any key is used), the signature against the
 * issuer's JWKS, `iss` equal to the issuer, `exp` present and in the future, `nbf` and `iat` when
 * present not in the future, then each required claim.
 */
export async function verifyBearer(authorization: string | undefined, check: JwtCheck): Promise<JwtOutcome> {
  const match = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)\s*$/i.exec(authorization ?? '');
  if (!authorization || !/^Bearer\b/i.test(authorization)) return { ok: false, reason: 'missing', detail: 'no bearer token' };
  if (!match?.[1]) return fail('not a JWS compact serialization');
  const [headerPart = '', payloadPart = '', signaturePart = ''] = match[1].split('.');
  const header = decodeJson(headerPart);
  if (!header) return fail('header is not JSON');
  if (header.alg !== 'RS256') return fail(`alg ${String(header.alg)} is not RS256`);
  const keys = await check.keysFor(typeof header.kid === 'string' ? header.kid : undefined).catch(() => []);
  const signed = Buffer.from(`${headerPart}.${payloadPart}`);
  const signature = Buffer.from(signaturePart, 'base64url');
  if (!keys.some((key) => verify('RSA-SHA256', signed, key, signature))) return fail('signature matches no key of the issuer');
  const claims = decodeJson(payloadPart);
  if (!claims) return fail('payload is not JSON');
  const now = (check.now ?? (() => Date.now() / 1000))();
  if (claims.iss !== check.issuer) return fail(`iss ${String(claims.iss)} is not the issuer`);
  if (typeof claims.exp !== 'number') return fail('no exp');
  if (claims.exp <= now) return fail('expired');
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now)) return fail('not yet valid (nbf)');
  if (claims.iat !== undefined && (typeof claims.iat !== 'number' || claims.iat > now)) return fail('issued in the future (iat)');
  for (const claim of check.requiredClaims) {
    if (!claimSatisfied(claim, claims[claim.name])) return fail(`claim ${claim.name} does not match`);
  }
  return { ok: true, claims };
}
