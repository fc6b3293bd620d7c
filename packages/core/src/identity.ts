import type { JWTPayload } from 'jose';
import { forbidden, unauthenticated } from './errors.js';
import { Hs256 } from './hs256.js';

export type Role = 'CUSTOMER' | 'ADMIN';

/** Who is calling. `null` everywhere means an anonymous caller. */
export interface Identity {
  customerId: string;
  role: Role;
  /**
   * OAuth-style scopes the caller holds (`@requiresScopes` checks them). An ADMIN always
   * holds `admin`; absent means none beyond what the role implies.
   */
  scopes?: readonly string[];
}

/** What the gateway vouches for about one request: the caller (if any) and the client's IP. */
export interface ForwardedRequest {
  identity: Identity | null;
  /** The client's address as the gateway resolved it (trusted proxies honoured), or null. */
  clientIp: string | null;
  /** When the signed header stops being valid (ms since the epoch); set by `verifyRequest`. */
  expiresAt?: number;
}

/** Header in which the gateway forwards the verified caller to subgraphs. */
export const IDENTITY_HEADER = 'x-ordergraph-identity';
const IDENTITY_AUDIENCE = 'ordergraph-subgraphs';
const IDENTITY_ISSUER = 'ordergraph-gateway';
/** Short enough that a leaked header is useless soon; long enough for one request. */
export const IDENTITY_TTL_SECONDS = 60;
/** The scope every ADMIN holds, whatever issued the token. */
export const ADMIN_SCOPE = 'admin';

const isRole = (value: unknown): value is Role => value === 'CUSTOMER' || value === 'ADMIN';

/** Scopes from a JWT: `scope` (space-separated, RFC 8693/9068) or `scp` (array, Azure AD/Okta). */
export function scopesOf(payload: JWTPayload): string[] {
  const { scope, scp } = payload as { scope?: unknown; scp?: unknown };
  if (typeof scope === 'string') return scope.split(' ').filter(Boolean);
  if (Array.isArray(scp)) return scp.filter((s): s is string => typeof s === 'string');
  if (typeof scp === 'string') return scp.split(' ').filter(Boolean);
  return [];
}

/**
 * The caller a verified token describes. The role comes from the `role` claim; a token
 * without one (e.g. from an external OIDC issuer) is a CUSTOMER unless it holds the admin
 * scope. An ADMIN always holds the admin scope, so roles and scopes never disagree.
 */
export function identityFromClaims(payload: JWTPayload): Identity | null {
  if (typeof payload.sub !== 'string' || payload.sub === '' || payload.sub.length > 256) return null;
  const scopes = scopesOf(payload);
  const role: Role = isRole(payload.role) ? payload.role : scopes.includes(ADMIN_SCOPE) ? 'ADMIN' : 'CUSTOMER';
  if (role === 'ADMIN' && !scopes.includes(ADMIN_SCOPE)) scopes.push(ADMIN_SCOPE);
  return { customerId: payload.sub, role, scopes };
}

/** The scopes an identity holds, including the ones its role implies. */
export function scopesOfIdentity(identity: Identity): readonly string[] {
  const scopes = identity.scopes ?? [];
  return identity.role === 'ADMIN' && !scopes.includes(ADMIN_SCOPE) ? [...scopes, ADMIN_SCOPE] : scopes;
}

/**
 * Signs and verifies what the gateway forwards to subgraphs (HS256 with the shared
 * `IDENTITY_SECRET`, 60 s). Subgraphs trust only a header signed with it, so a request
 * that reaches a subgraph directly, without the gateway, carries no identity and no
 * client IP but its own socket address.
 */
export class IdentityCodec {
  // node:crypto's HMAC, not jose's WebCrypto one: one sign (gateway) and one verify (subgraph)
  // per request, at a tenth of the CPU (see Hs256). Same tokens as jose's.
  private readonly hs256: Hs256;

  constructor(secret: string) {
    if (secret.length < 16) throw new Error('IdentityCodec: the secret must be at least 16 characters long.');
    this.hs256 = new Hs256(secret);
  }

  /** Sign an identity alone (no client IP). */
  sign(identity: Identity): Promise<string> {
    return this.signRequest({ identity, clientIp: null });
  }

  /** Sign the caller (or an anonymous caller) and the client IP. */
  async signRequest({ identity, clientIp }: ForwardedRequest): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims: JWTPayload = {};
    if (identity) {
      claims.role = identity.role;
      const scopes = scopesOfIdentity(identity);
      if (scopes.length > 0) claims.scope = scopes.join(' ');
    }
    if (clientIp) claims.ip = clientIp;
    claims.iss = IDENTITY_ISSUER;
    claims.aud = IDENTITY_AUDIENCE;
    claims.iat = now;
    claims.exp = now + IDENTITY_TTL_SECONDS;
    if (identity) claims.sub = identity.customerId;
    return this.hs256.sign(claims);
  }

  /** The identity in a header value, or `null` when it is absent, anonymous, forged or expired. */
  async verify(header: string | undefined | null): Promise<Identity | null> {
    return (await this.verifyRequest(header))?.identity ?? null;
  }

  /** What the gateway forwarded, or `null` when the header is absent, forged or expired. */
  async verifyRequest(header: string | undefined | null): Promise<ForwardedRequest | null> {
    if (!header) return null;
    const payload = this.hs256.verify(header);
    if (!payload || !hasIdentityClaims(payload, Math.floor(Date.now() / 1000))) return null;
    const identity = payload.sub === undefined ? null : identityFromClaims(payload);
    if (payload.sub !== undefined && !identity) return null;
    return { identity, clientIp: typeof payload.ip === 'string' ? payload.ip : null, expiresAt: (payload.exp as number) * 1000 };
  }
}

/** The claim checks jose's jwtVerify made for this header (issuer, audience, required exp and iat, nbf). */
function hasIdentityClaims(payload: JWTPayload, now: number): boolean {
  if (payload.iss !== IDENTITY_ISSUER) return false;
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(IDENTITY_AUDIENCE)) return false;
  if (typeof payload.exp !== 'number' || payload.exp <= now) return false;
  if (typeof payload.iat !== 'number') return false;
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > now)) return false;
  return true;
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
