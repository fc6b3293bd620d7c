import { webcrypto } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

export type Role = 'CUSTOMER' | 'ADMIN';

/** Who is calling. `null` everywhere means an anonymous caller. */
export interface Identity {
  customerId: string;
  role: Role;
}

/** Header in which the gateway forwards the verified caller to subgraphs. */
export const IDENTITY_HEADER = 'x-ordergraph-identity';
const IDENTITY_AUDIENCE = 'ordergraph-subgraphs';
const IDENTITY_ISSUER = 'ordergraph-gateway';
/** Short enough that a leaked header is useless soon; long enough for one request. */
const IDENTITY_TTL_SECONDS = 60;

const isRole = (value: unknown): value is Role => value === 'CUSTOMER' || value === 'ADMIN';

/**
 * Signs and verifies the identity the gateway forwards to subgraphs. Subgraphs trust
 * only a header signed with the shared `IDENTITY_SECRET`, so a request that reaches a
 * subgraph directly, without the gateway, carries no identity.
 */
export class IdentityCodec {
  // Imported once: passing raw bytes makes jose import the key again on every call.
  private readonly key: Promise<webcrypto.CryptoKey>;

  constructor(secret: string) {
    if (secret.length < 16) throw new Error('IdentityCodec: the secret must be at least 16 characters long.');
    this.key = webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  async sign(identity: Identity): Promise<string> {
    return new SignJWT({ role: identity.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(identity.customerId)
      .setIssuer(IDENTITY_ISSUER)
      .setAudience(IDENTITY_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${IDENTITY_TTL_SECONDS}s`)
      .sign(await this.key);
  }

  /** The identity in a header value, or `null` when it is absent, forged or expired. */
  async verify(header: string | undefined | null): Promise<Identity | null> {
    if (!header) return null;
    try {
      const { payload } = await jwtVerify(header, await this.key, {
        algorithms: ['HS256'],
        issuer: IDENTITY_ISSUER,
        audience: IDENTITY_AUDIENCE,
      });
      if (typeof payload.sub !== 'string' || !isRole(payload.role)) return null;
      return { customerId: payload.sub, role: payload.role };
    } catch {
      return null;
    }
  }
}

export interface AccessTokenOptions {
  secret: string;
  issuer: string;
  audience: string;
}

/** Issue an end-user access token (HS256; the security issue moves this to asymmetric keys). */
export function signAccessToken(
  identity: Identity,
  options: AccessTokenOptions & { ttlSeconds: number },
): Promise<string> {
  return new SignJWT({ role: identity.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(identity.customerId)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlSeconds}s`)
    .sign(new TextEncoder().encode(options.secret));
}

/** Verify an end-user access token; throws on any defect (the caller maps it to UNAUTHENTICATED). */
export async function verifyAccessToken(token: string, options: AccessTokenOptions): Promise<Identity> {
  const { payload } = await jwtVerify(token, new TextEncoder().encode(options.secret), {
    algorithms: ['HS256'],
    issuer: options.issuer,
    audience: options.audience,
    requiredClaims: ['exp', 'sub'],
  });
  if (typeof payload.sub !== 'string' || !isRole(payload.role)) {
    throw new Error('access token is missing the sub or role claim');
  }
  return { customerId: payload.sub, role: payload.role };
}

/** True when the caller may see data owned by `ownerId`: the owner, or an ADMIN. */
export function canAccess(identity: Identity | null, ownerId: string): boolean {
  return identity !== null && (identity.role === 'ADMIN' || identity.customerId === ownerId);
}
