import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ADMIN_SCOPE, type Identity } from '@ordergraph/core';
import type { SigningKeySet } from './signingKeys.js';

export interface AccessTokenOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/**
 * Access tokens (RFC 9068 shape): `typ: at+jwt`, `kid` of the active key, `iss`, `aud`,
 * `sub`, `exp`, `iat`, `jti`, the role and the scopes the role grants.
 */
export class AccessTokenIssuer {
  constructor(
    private readonly keys: SigningKeySet,
    private readonly options: AccessTokenOptions,
  ) {}

  get ttlSeconds(): number {
    return this.options.ttlSeconds;
  }

  sign(identity: Identity): Promise<string> {
    const { kid, alg, key } = this.keys.active;
    const scope = identity.role === 'ADMIN' ? ADMIN_SCOPE : '';
    return new SignJWT({ role: identity.role, ...(scope ? { scope } : {}) })
      .setProtectedHeader({ alg, kid, typ: 'at+jwt' })
      .setSubject(identity.customerId)
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(`${this.options.ttlSeconds}s`)
      .sign(key);
  }
}
