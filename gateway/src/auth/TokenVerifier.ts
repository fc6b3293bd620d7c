import { webcrypto } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import { LRUCache } from 'lru-cache';
import { identityFromClaims, type Identity } from '@ordergraph/core';
import type { JwtConfig } from '../config.js';

/** Why a token was not accepted: the token's fault, or the issuer's keys could not be fetched. */
export class TokenRejected extends Error {
  constructor(
    readonly reason: 'invalid' | 'keys-unavailable',
    message: string,
  ) {
    super(message);
  }
}

export interface TokenVerifierOptions extends Omit<JwtConfig, 'jwksUrl'> {
  /** Where the issuer publishes its keys; null accepts HS256 tokens only (if a secret is set). */
  jwksUrl: string | null;
  /** Verified tokens kept, so a busy client costs one signature check per minute. @default 10000 */
  cacheSize?: number;
  /** Longest a verified token is trusted without re-checking its signature. @default 60 */
  cacheSeconds?: number;
}

/**
 * Verifies bearer tokens with jose: asymmetric tokens against the issuer's JWKS (fetched
 * lazily, cached, re-fetched on an unknown `kid` at most every 30 s), HS256 tokens only
 * against an explicitly configured secret. Results are cached by token string, never past
 * the token's `exp`, so rotation and expiry behave exactly as without the cache.
 */
export class TokenVerifier {
  private jwks: ReturnType<typeof createRemoteJWKSet> | null = null;
  private currentJwksUrl: string | null = null;
  // Imported once: given raw bytes, jose imports the HMAC key again on every verification
  // (its `rawKey` showed in the gateway's profile, #17: every new customer's token is verified).
  private readonly secret: Promise<webcrypto.CryptoKey> | null;
  private readonly verified: LRUCache<string, Identity>;
  private readonly common: JWTVerifyOptions;
  private readonly cacheMs: number;

  constructor(private readonly options: TokenVerifierOptions) {
    this.useJwksUrl(options.jwksUrl);
    this.secret = options.secret
      ? webcrypto.subtle.importKey('raw', new TextEncoder().encode(options.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
      : null;
    this.verified = new LRUCache({ max: options.cacheSize ?? 10_000 });
    this.cacheMs = (options.cacheSeconds ?? 60) * 1000;
    this.common = {
      issuer: options.issuer,
      audience: options.audience,
      clockTolerance: options.clockToleranceSeconds,
      requiredClaims: ['exp', 'sub'],
    };
  }

  /** Where the issuer's keys are fetched from; null: HS256 only. */
  get jwksUrl(): string | null {
    return this.currentJwksUrl;
  }

  /** Fetch keys from another JWKS from now on (the issuer moved, e.g. in a supergraph reload). */
  useJwksUrl(url: string | null): void {
    if (url === this.currentJwksUrl) return;
    this.currentJwksUrl = url;
    this.jwks = url ? createRemoteJWKSet(new URL(url), { timeoutDuration: 2_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 }) : null;
  }

  /** Fetch the JWKS ahead of the first request; failure is fine (the issuer may start later). */
  async warmUp(): Promise<void> {
    await this.jwks?.reload().catch(() => undefined);
  }

  async verify(token: string): Promise<Identity> {
    const cached = this.verified.get(token);
    if (cached) return cached;
    const payload = await this.verifySignature(token);
    const identity = identityFromClaims(payload);
    if (!identity) throw new TokenRejected('invalid', 'the token has no usable subject');
    const ttl = Math.min(this.cacheMs, (payload.exp as number) * 1000 - Date.now());
    if (ttl > 0) this.verified.set(token, identity, { ttl });
    return identity;
  }

  private async verifySignature(token: string): Promise<JWTPayload> {
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new TokenRejected('invalid', 'the token is not a JWS');
    }
    try {
      if (alg === 'HS256' && this.secret) {
        return this.issuedInThePast((await jwtVerify(token, await this.secret, { ...this.common, algorithms: ['HS256'] })).payload);
      }
      if (this.jwks && typeof alg === 'string' && this.options.algorithms.includes(alg)) {
        return this.issuedInThePast((await jwtVerify(token, this.jwks, { ...this.common, algorithms: this.options.algorithms })).payload);
      }
    } catch (error) {
      if (error instanceof TokenRejected) throw error;
      if (error instanceof errors.JWKSTimeout || isFetchFailure(error)) {
        throw new TokenRejected('keys-unavailable', 'the token issuer’s keys could not be fetched');
      }
      throw new TokenRejected('invalid', (error as Error).message);
    }
    throw new TokenRejected('invalid', `algorithm ${String(alg)} is not accepted`);
  }

  /**
   * jose checks `iat` only with a maximum token age: a token "issued" in the future (beyond the
   * clock tolerance) is forged or from a broken clock, and would outlive the issuer's intended lifetime.
   */
  private issuedInThePast(payload: JWTPayload): JWTPayload {
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.iat === 'number' && payload.iat > now + this.options.clockToleranceSeconds) {
      throw new TokenRejected('invalid', '"iat" claim timestamp check failed (it should be in the past)');
    }
    return payload;
  }
}

/** A JWKS fetch that failed at the network level or with a non-200 answer. */
function isFetchFailure(error: unknown): boolean {
  if (error instanceof errors.JOSEError) return error.code === 'ERR_JOSE_GENERIC' && /JSON Web Key Set/.test(error.message);
  return error instanceof TypeError; // undici: "fetch failed"
}
