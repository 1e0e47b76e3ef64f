import { audienceAndScopeClaims, checkRequiredClaims, parseRequiredClaims, type RequiredClaim } from '../../src/required-claims.js';
import { SettingsError } from './stage-policy.js';

/** Who may write and delete on a stage: a JWT from this issuer, or anyone (`auth=none`, or a disposable stage left open). */
export type AuthSettings =
  | { readonly kind: 'jwt'; readonly issuer: string; readonly jwksUrl: string; readonly requiredClaims: readonly RequiredClaim[] }
  | { readonly kind: 'off'; readonly reason: 'auth=none' | 'disposable stage' }
  /** A production-like stage given neither: the stack refuses it (after the HTTPS check) with {@link authRequiredMessage}. */
  | { readonly kind: 'missing' };

/** Why a production-like stage without auth settings cannot synthesize, in one line. */
export function authRequiredMessage(stage: string): string {
  return `Stage "${stage}" needs JWT settings for writes and deletes: pass -c authIssuer=https://… -c authJwksUrl=https://… (or -c auth=none to leave them open).`;
}

/**
 * The stage's auth from context (`-c key=value`, or cdk.json's `context`). `authIssuer` and
 * `authJwksUrl` turn JWT validation on; `authAudience` (aud, comma-separated) and `authScope`
 * (scope) add the usual required claims, `authClaims` (a JSON array of `{name, format, values}`)
 * any other. A production-like stage without them cannot synthesize (the AWS stack says so in one
 * line), unless `auth=none` says to leave writes open; a disposable one stays open unless they are given (or `auth=jwt`).
 */
export function readAuthSettings(text: (key: string) => string | undefined, productionLike: boolean): AuthSettings {
  const mode = text('auth');
  if (mode !== undefined && mode !== 'none' && mode !== 'jwt') throw new SettingsError(`context "auth" must be jwt or none, not "${mode}"`);
  if (mode === 'none') return { kind: 'off', reason: 'auth=none' };
  const issuer = text('authIssuer');
  const jwksUrl = text('authJwksUrl');
  if (issuer === undefined && jwksUrl === undefined) {
    if (!productionLike && mode !== 'jwt') return { kind: 'off', reason: 'disposable stage' };
    return { kind: 'missing' };
  }
  if (issuer === undefined || jwksUrl === undefined)
    throw new SettingsError('context "authIssuer" and "authJwksUrl" go together: pass both.');
  // ALB fetches the JWKS over HTTPS only, and takes at most 256 characters for either setting.
  if (!jwksUrl.startsWith('https://') || jwksUrl.length > 256)
    throw new SettingsError(`context "authJwksUrl" must be an https:// URL of at most 256 characters, not "${jwksUrl}"`);
  if (issuer.length > 256) throw new SettingsError('context "authIssuer" must be at most 256 characters');
  try {
    const extra = text('authClaims');
    const requiredClaims = checkRequiredClaims([
      ...audienceAndScopeClaims(text('authAudience'), text('authScope')),
      ...(extra === undefined ? [] : parseRequiredClaims(extra)),
    ]);
    return { kind: 'jwt', issuer, jwksUrl, requiredClaims };
  } catch (error) {
    throw new SettingsError(`context "authClaims"/"authAudience"/"authScope": ${(error as Error).message}`);
  }
}
