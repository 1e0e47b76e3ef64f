import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

/** A JSON Web Key as a JWKS lists it; only RSA keys are of use here. */
export interface Jwk extends JsonWebKey {
  readonly kid?: string;
  readonly use?: string;
  readonly alg?: string;
}

/** ALB's limits on the issuer's key set: a bigger answer, or more keys, and it forwards nothing. */
const MAX_JWKS_BYTES = 150 * 1024;
const MAX_KEYS = 10;
/** Keys are fetched again after this long, or sooner when a token names a key not yet seen (at most every few seconds). */
const CACHE_MS = 5 * 60_000;
const MIN_REFETCH_MS = 5_000;

/**
 * The issuer's public keys, fetched from its JWKS URL as ALB fetches them: over HTTP(S), cached,
 * fetched again when a token names a key id the cache lacks (the issuer rotated its key).
 */
export class JwksClient {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = 0;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    private readonly fetchTimeoutMs = 5_000,
  ) {}

  /** The RSA keys that may have signed a token with this `kid` (every RSA key when it names none). */
  async keysFor(kid: string | undefined): Promise<KeyObject[]> {
    const now = Date.now();
    const known = () =>
      kid === undefined ? [...this.keys.values()] : [this.keys.get(kid)].filter((key): key is KeyObject => key !== undefined);
    if (now - this.fetchedAt > CACHE_MS || (known().length === 0 && now - this.fetchedAt > MIN_REFETCH_MS)) await this.refresh();
    return known();
  }

  private refresh(): Promise<void> {
    this.pending ??= this.load().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async load(): Promise<void> {
    this.fetchedAt = Date.now();
    const response = await fetch(this.url, { signal: AbortSignal.timeout(this.fetchTimeoutMs) });
    const text = await response.text();
    if (!response.ok || Buffer.byteLength(text) > MAX_JWKS_BYTES)
      throw new Error(`JWKS at ${this.url}: ${response.status}, ${Buffer.byteLength(text)} bytes`);
    const { keys } = JSON.parse(text) as { keys?: Jwk[] };
    if (!Array.isArray(keys) || keys.length > MAX_KEYS) throw new Error(`JWKS at ${this.url}: expected 1 to ${MAX_KEYS} keys`);
    const next = new Map<string, KeyObject>();
    keys.forEach((jwk, index) => {
      if (jwk.kty !== 'RSA' || (jwk.use !== undefined && jwk.use !== 'sig')) return;
      next.set(jwk.kid ?? `#${index}`, createPublicKey({ key: jwk, format: 'jwk' }));
    });
    this.keys = next;
  }
}
