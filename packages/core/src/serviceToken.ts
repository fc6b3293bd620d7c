import { SignJWT, jwtVerify } from 'jose';

/** Header carrying a service-to-service credential (internal operations only). */
export const SERVICE_HEADER = 'x-ordergraph-service';
const ISSUER = 'ordergraph-services';
const TTL_SECONDS = 300;
/** Re-sign this long before expiry, so a token never expires in flight. */
const REFRESH_MARGIN_SECONDS = 60;
/** Verified tokens remembered by the receiver (a caller reuses one token per audience for minutes). */
const VERIFIED_CACHE_SIZE = 64;

/**
 * Credentials for internal operations between subgraphs (the order saga), separate from
 * the end-user identity the gateway forwards: the gateway never holds this secret, so no
 * public request can reach an internal operation through it.
 */
export class ServiceTokenCodec {
  private readonly key: Uint8Array;
  // Tokens are reused until near expiry: signing once per call would be wasted CPU.
  private readonly cache = new Map<string, { token: Promise<string>; refreshAt: number }>();
  // Every internal call carries a token its caller reuses for minutes: an HMAC check and claim
  // validation per call showed in the subgraphs' profiles (#17). A token that verified once is
  // trusted, by exact string, until its own expiry.
  private readonly verified = new Map<string, { service: string; expiresAt: number }>();

  constructor(
    secret: string,
    private readonly self: string,
  ) {
    if (secret.length < 16) throw new Error('ServiceTokenCodec: the secret must be at least 16 characters long.');
    this.key = new TextEncoder().encode(secret);
  }

  /** A token that lets this service call `audience`. */
  tokenFor(audience: string): Promise<string> {
    const now = Date.now() / 1000;
    const cached = this.cache.get(audience);
    if (cached && cached.refreshAt > now) return cached.token;
    const token = new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(this.self)
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${TTL_SECONDS}s`)
      .sign(this.key);
    this.cache.set(audience, { token, refreshAt: now + TTL_SECONDS - REFRESH_MARGIN_SECONDS });
    return token;
  }

  /** The calling service's name, or null when the header is absent, forged, expired or meant for another service. */
  async verify(header: string | undefined | null): Promise<string | null> {
    if (!header) return null;
    const known = this.verified.get(header);
    if (known && known.expiresAt > Date.now() / 1000) return known.service;
    try {
      const { payload } = await jwtVerify(header, this.key, { algorithms: ['HS256'], issuer: ISSUER, audience: this.self });
      if (typeof payload.sub !== 'string') return null;
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.clear();
      this.verified.set(header, { service: payload.sub, expiresAt: payload.exp ?? 0 });
      return payload.sub;
    } catch {
      return null;
    }
  }
}
