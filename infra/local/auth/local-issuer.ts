import { createHash, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Jwk } from './jwks-client.js';

/** The `iss` of the local issuer's tokens, and what the router expects when no real IdP is named. */
export const LOCAL_ISSUER = 'http://localhost/picus-local-issuer';

/** How long `make token`'s tokens are valid. */
export const TOKEN_LIFETIME_SECONDS = 3600;

/**
 * The local stand-in for an OIDC issuer: one RSA key, kept in the stack's data directory so tokens
 * outlive a restart, its public half served as a JWKS, and tokens signed RS256 as an IdP signs them.
 */
export class LocalIssuer {
  readonly kid: string;
  private readonly jwk: Jwk;

  private constructor(private readonly privateKey: KeyObject) {
    const { n, e } = privateKey.export({ format: 'jwk' });
    // RFC 7638 thumbprint: the key id changes only when the key does.
    this.kid = createHash('sha256')
      .update(JSON.stringify({ e, kty: 'RSA', n }))
      .digest('base64url');
    this.jwk = { kty: 'RSA', n, e, kid: this.kid, use: 'sig', alg: 'RS256' };
  }

  /** The key in `keyFile` (PKCS#8 PEM), made on first use; two processes making it at once agree on the first one written. */
  static fromKeyFile(keyFile: string): LocalIssuer {
    const read = () => new LocalIssuer(createPrivateKey(readFileSync(keyFile, 'utf8')));
    try {
      return read();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    mkdirSync(dirname(keyFile), { recursive: true });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    try {
      writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return read();
  }

  /** A fresh key that is never written anywhere (tests). */
  static ephemeral(): LocalIssuer {
    return new LocalIssuer(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  }

  jwks(): { keys: Jwk[] } {
    return { keys: [this.jwk] };
  }

  /**
   * A token with `iss`, `iat`, `exp` (an hour on) and `sub`, then `claims` over them. `header`
   * overrides the JWS header (tests forge `alg`); the signature is RS256 whatever it says.
   */
  token(claims: Record<string, unknown> = {}, options: { now?: number; header?: Record<string, unknown> } = {}): string {
    const now = options.now ?? Math.floor(Date.now() / 1000);
    const payload = { iss: LOCAL_ISSUER, sub: 'local-user', iat: now, exp: now + TOKEN_LIFETIME_SECONDS, ...claims };
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signingInput = `${encode({ alg: 'RS256', typ: 'JWT', kid: this.kid, ...options.header })}.${encode(payload)}`;
    return `${signingInput}.${sign('RSA-SHA256', Buffer.from(signingInput), this.privateKey).toString('base64url')}`;
  }
}

/** Where the stack keeps the local issuer's key: `<data root>/auth/issuer-key.pem` (`.data/auth/…` for `make up`). */
export function issuerKeyFile(dataRoot: string): string {
  return join(dataRoot, 'auth', 'issuer-key.pem');
}

/**
 * Writes the issuer's public JWKS beside its key (`jwks.json`, readable by all) and returns its path:
 * what the Compose verifier container serves and checks against, so the private key never enters it.
 */
export function writePublicJwks(keyFile: string): string {
  const file = join(dirname(keyFile), 'jwks.json');
  writeFileSync(file, `${JSON.stringify(LocalIssuer.fromKeyFile(keyFile).jwks())}\n`, { mode: 0o644 });
  return file;
}

/** The local issuer as a JWKS file (the Compose verifier): serves the keys, signs nothing. */
export function jwksFromFile(file: string): { jwks(): { keys: Jwk[] } } {
  const jwks = JSON.parse(readFileSync(file, 'utf8')) as { keys: Jwk[] };
  return { jwks: () => jwks };
}
