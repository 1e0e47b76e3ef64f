/**
 * The claims a listener rule's JWT check requires besides `iss` and `exp`, in the shape of ALB's
 * `JwtValidationActionAdditionalClaim`. The CDK app writes them into the template; the ALB emulator
 * and the nginx verifier enforce them locally.
 */

/** ALB's formats for an additional claim. */
export type ClaimFormat = 'single-string' | 'space-separated-values' | 'string-array';

export interface RequiredClaim {
  readonly name: string;
  readonly format: ClaimFormat;
  readonly values: readonly string[];
}

export const CLAIM_FORMATS: readonly ClaimFormat[] = ['single-string', 'space-separated-values', 'string-array'];
// ALB validates these itself and refuses them as additional claims.
const RESERVED = new Set(['iss', 'exp', 'nbf', 'iat']);

/** A JSON array of `{name, format, values}` (context `authClaims`, env `AUTH_CLAIMS`); throws a one-line message. */
export function parseRequiredClaims(json: string): RequiredClaim[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('required claims must be a JSON array of {"name","format","values"}');
  }
  const valid = (claim: unknown): claim is RequiredClaim => {
    const c = claim as Partial<RequiredClaim> | null;
    return (
      typeof c?.name === 'string' &&
      CLAIM_FORMATS.includes(c.format as ClaimFormat) &&
      Array.isArray(c.values) &&
      c.values.every((value) => typeof value === 'string')
    );
  };
  if (!Array.isArray(parsed) || !parsed.every(valid)) {
    throw new Error(`required claims must be a JSON array of {"name","format","values"}, format one of ${CLAIM_FORMATS.join(', ')}`);
  }
  return checkRequiredClaims(parsed);
}

/** The usual two: `aud` (string-array) from a comma-separated audience list, `scope` (space-separated-values). */
export function audienceAndScopeClaims(audience: string | undefined, scope: string | undefined): RequiredClaim[] {
  return [
    ...(audience === undefined
      ? []
      : [
          {
            name: 'aud',
            format: 'string-array' as const,
            values: audience
              .split(',')
              .map((value) => value.trim())
              .filter(Boolean),
          },
        ]),
    ...(scope === undefined
      ? []
      : [{ name: 'scope', format: 'space-separated-values' as const, values: scope.split(/[\s,]+/).filter(Boolean) }]),
  ];
}

/** ALB's limits: at most 10 claims, 1 to 10 values each of at most 256 characters, none of iss, exp, nbf, iat. */
export function checkRequiredClaims(claims: RequiredClaim[]): RequiredClaim[] {
  if (claims.length > 10) throw new Error('at most 10 required claims');
  for (const claim of claims) {
    if (RESERVED.has(claim.name)) throw new Error(`"${claim.name}" cannot be a required claim: the load balancer checks it anyway`);
    if (claim.values.length === 0 || claim.values.length > 10) throw new Error(`required claim "${claim.name}" needs 1 to 10 values`);
    if (claim.values.some((value) => value.length > 256 || (claim.format === 'space-separated-values' && /\s/.test(value)))) {
      throw new Error(
        `required claim "${claim.name}": values are at most 256 characters${claim.format === 'space-separated-values' ? ', without spaces' : ''}`,
      );
    }
  }
  return claims;
}

/**
 * Whether a token's claim satisfies a required one. ALB's documentation names the formats but not
 * the matching; this reads it as most gateways do: the token's value (one string, the words of a
 * space-separated string, or the array's members) must include at least one of the configured values.
 */
export function claimSatisfied(claim: RequiredClaim, value: unknown): boolean {
  let presented: string[];
  if (claim.format === 'single-string') presented = typeof value === 'string' ? [value] : [];
  else if (claim.format === 'space-separated-values') presented = typeof value === 'string' ? value.split(' ').filter(Boolean) : [];
  else
    presented = Array.isArray(value)
      ? value.filter((item): item is string => typeof item === 'string')
      : typeof value === 'string'
        ? [value]
        : [];
  return claim.values.some((wanted) => presented.includes(wanted));
}
