import { SignJWT, decodeJwt, type JWTPayload } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdentityCodec, canAccess, type Identity } from './identity.js';

const SECRET = 'identity-secret-for-unit-tests-0123456789';
const alice: Identity = { customerId: 'cust-alice', role: 'CUSTOMER' };
const admin: Identity = { customerId: 'cust-admin', role: 'ADMIN' };

const key = (secret: string) => new TextEncoder().encode(secret);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Re-sign a payload with HS256 (or `alg`) and `secret`, as an attacker who knows the format would. */
function signRaw(payload: JWTPayload, secret: string, alg = 'HS256'): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg }).sign(key(secret));
}

/** An unsigned token (`alg: none`) carrying `payload`. */
const unsigned = (payload: JWTPayload) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;

afterEach(() => {
  vi.useRealTimers();
});

describe('IdentityCodec', () => {
  const codec = new IdentityCodec(SECRET);

  it('refuses a secret shorter than 16 characters', () => {
    expect(() => new IdentityCodec('fifteen-chars!!')).toThrow(/at least 16 characters/);
    expect(() => new IdentityCodec('sixteen-chars!!!')).not.toThrow();
  });

  it('returns null for no header', async () => {
    expect(await codec.verify(undefined)).toBeNull();
    expect(await codec.verify(null)).toBeNull();
    expect(await codec.verify('')).toBeNull();
    expect(await codec.verify('garbage')).toBeNull();
  });

  it('rejects a forged signature', async () => {
    const [header, payload, signature] = (await codec.sign(alice)).split('.') as [string, string, string];
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    expect(await codec.verify(`${header}.${payload}.${flipped}`)).toBeNull();
    // A payload promoted to ADMIN under the original signature.
    const promoted = b64({ ...decodeJwt(`${header}.${payload}.${signature}`), role: 'ADMIN' });
    expect(await codec.verify(`${header}.${promoted}.${signature}`)).toBeNull();
  });

  it('rejects a header signed with another secret', async () => {
    const other = new IdentityCodec('a-different-secret-of-enough-length');
    expect(await codec.verify(await other.sign(admin))).toBeNull();
  });

  it('rejects an unsigned (alg: none) header with otherwise valid claims', async () => {
    const claims = decodeJwt(await codec.sign(admin));
    expect(await codec.verify(unsigned(claims))).toBeNull();
  });

});

describe('canAccess', () => {
  it('lets owners and admins in, and nobody else', () => {
    expect(canAccess(null, 'cust-alice')).toBe(false);
    expect(canAccess(alice, 'cust-alice')).toBe(true);
    expect(canAccess(alice, 'cust-bob')).toBe(false);
    expect(canAccess(admin, 'cust-bob')).toBe(true);
    expect(canAccess({ customerId: '', role: 'CUSTOMER' }, 'cust-alice')).toBe(false);
  });
});
