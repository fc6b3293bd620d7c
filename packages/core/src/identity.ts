import { SignJWT, jwtVerify } from 'jose';
import { forbidden, unauthenticated } from './errors.js';

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
  private readonly key: Uint8Array;

  constructor(secret: string) {
    if (secret.length < 16) throw new Error('IdentityCodec: the secret must be at least 16 characters long.');
    this.key = new TextEncoder().encode(secret);
  }

  sign(identity: Identity): Promise<string> {
    return new SignJWT({ role: identity.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(identity.customerId)
      .setIssuer(IDENTITY_ISSUER)
      .setAudience(IDENTITY_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${IDENTITY_TTL_SECONDS}s`)
      .sign(this.key);
  }

  /** The identity in a header value, or `null` when it is absent, forged or expired. */
  async verify(header: string | undefined | null): Promise<Identity | null> {
    if (!header) return null;
    try {
      const { payload } = await jwtVerify(header, this.key, {
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

/** Who sent a subgraph request: the end user the gateway vouches for, and/or a calling service. */
export interface Caller {
  identity: Identity | null;
  /** Name of the calling service for internal operations (e.g. 'orders'), else null. */
  service: string | null;
}

/** The caller must be signed in; returns the identity. */
export function requireIdentity(identity: Identity | null): Identity {
  if (!identity) throw unauthenticated();
  return identity;
}

/** The caller must be an ADMIN. */
export function requireAdmin(identity: Identity | null): Identity {
  const caller = requireIdentity(identity);
  if (caller.role !== 'ADMIN') throw forbidden('Only an ADMIN can do this.');
  return caller;
}

/** Internal operations accept only the named calling service (verified service token). */
export function requireService(caller: Caller, allowed: string): void {
  if (caller.service !== allowed) throw forbidden('This operation is internal to the platform.');
}
