import { LRUCache } from 'lru-cache';
import { IDENTITY_TTL_SECONDS, scopesOfIdentity, type ForwardedRequest, type IdentityCodec } from '@ordergraph/core';

/**
 * Signs what the gateway forwards to subgraphs, reusing a signed header for the same
 * caller and IP while it has more than half of its lifetime left: a client sending many
 * requests costs one HMAC per 30 s instead of one per request.
 */
export class ForwardedIdentitySigner {
  private readonly cache = new LRUCache<string, Promise<string>>({
    max: 20_000,
    ttl: (IDENTITY_TTL_SECONDS * 1000) / 2,
  });

  constructor(private readonly codec: IdentityCodec) {}

  sign(forwarded: ForwardedRequest): Promise<string> {
    const key = forwardedKey(forwarded);
    let signed = this.cache.get(key);
    if (!signed) {
      signed = this.codec.signRequest(forwarded);
      this.cache.set(key, signed);
      signed.catch(() => this.cache.delete(key));
    }
    return signed;
  }
}

/**
 * Everything a signed identity header tells a subgraph (caller, role, scopes, IP), as a key:
 * two headers with the same key differ only in their signature and expiry.
 */
export function forwardedKey({ identity, clientIp }: ForwardedRequest): string {
  return identity ? `${identity.customerId}|${identity.role}|${scopesOfIdentity(identity).join(' ')}|${clientIp ?? ''}` : `|${clientIp ?? ''}`;
}
