import { decodeJwt } from 'jose';
import { LRUCache } from 'lru-cache';
import type { Identity } from '@ordergraph/core';

export interface VerifiedTokenCacheOptions {
  /** Longest a verification is reused, however long the token lives. @default 30_000 */
  maxAgeMs?: number;
  /** Tokens kept. @default 10_000 */
  max?: number;
}

/**
 * Reuses the result of verifying an access token for the same exact token string, until the
 * token expires (or `maxAgeMs`). Verifying an HS256 JWT with jose on every request was a few
 * per cent of the gateway's CPU. Only successful verifications are kept, so a bad token costs
 * a verification every time and cannot fill the cache.
 */
export class VerifiedTokenCache {
  private readonly cache: LRUCache<string, Identity>;
  private readonly maxAgeMs: number;

  constructor({ maxAgeMs = 30_000, max = 10_000 }: VerifiedTokenCacheOptions = {}) {
    if (!(maxAgeMs > 0)) throw new RangeError(`VerifiedTokenCache: maxAgeMs must be > 0, received ${maxAgeMs}`);
    this.maxAgeMs = maxAgeMs;
    this.cache = new LRUCache({ max, ttl: maxAgeMs, ttlAutopurge: false });
  }

  async verify(token: string, verify: (token: string) => Promise<Identity>): Promise<Identity> {
    const cached = this.cache.get(token);
    if (cached) return cached;
    const identity = await verify(token);
    const { exp } = decodeJwt(token);
    const ttl = Math.min(this.maxAgeMs, typeof exp === 'number' ? exp * 1000 - Date.now() : 0);
    if (ttl > 0) this.cache.set(token, identity, { ttl });
    return identity;
  }
}
