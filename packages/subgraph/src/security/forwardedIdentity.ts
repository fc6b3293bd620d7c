import { LRUCache } from 'lru-cache';
import type { ForwardedRequest, IdentityCodec } from '@ordergraph/core';

/**
 * Verifies the gateway's identity header, remembering verified headers until they expire:
 * the gateway reuses one signed header per caller for up to 30 s, so most subgraph requests
 * skip the HMAC. Forged headers are not cached (they cost one HMAC each, as before).
 */
export function createForwardedVerifier(codec: IdentityCodec, max = 10_000): (header: string | undefined) => Promise<ForwardedRequest | null> {
  const verified = new LRUCache<string, ForwardedRequest>({ max, ttlAutopurge: false });
  return async (header) => {
    if (!header) return null;
    const cached = verified.get(header);
    if (cached && (cached.expiresAt ?? 0) > Date.now()) return cached;
    const forwarded = await codec.verifyRequest(header);
    const ttl = (forwarded?.expiresAt ?? 0) - Date.now();
    if (forwarded && ttl > 0) verified.set(header, forwarded, { ttl });
    return forwarded;
  };
}
