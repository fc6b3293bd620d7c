import { LRUCache } from 'lru-cache';
import type { Identity, IdentityCodec } from '@ordergraph/core';

export interface SignedIdentityCacheOptions {
  /**
   * Reuse a signed identity for this long. It stays valid for the codec's 60 s, so a reused
   * header still has ≥ 60 s − reuse left for the request it rides on. @default 20_000
   */
  reuseMs?: number;
  /** Distinct callers kept. @default 10_000 */
  max?: number;
}

/**
 * Signed identity headers, reused across a caller's requests for a short while: signing an
 * HMAC JWT per request was a visible share of the gateway's CPU under load.
 */
export class SignedIdentityCache {
  private readonly cache: LRUCache<string, Promise<string>>;

  constructor(
    private readonly codec: IdentityCodec,
    { reuseMs = 20_000, max = 10_000 }: SignedIdentityCacheOptions = {},
  ) {
    if (!(reuseMs > 0 && reuseMs < 50_000)) throw new RangeError(`SignedIdentityCache: reuseMs must be between 0 and 50000 ms, received ${reuseMs}`);
    this.cache = new LRUCache({ max, ttl: reuseMs, ttlAutopurge: false });
  }

  sign(identity: Identity): Promise<string> {
    const key = `${identity.role}:${identity.customerId}`;
    let signed = this.cache.get(key);
    if (!signed) {
      signed = this.codec.sign(identity);
      this.cache.set(key, signed);
      // A failed signature is not worth keeping.
      signed.catch(() => this.cache.delete(key));
    }
    return signed;
  }
}
