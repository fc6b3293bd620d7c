import { SignJWT, decodeJwt, type JWTPayload } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdentityCodec, canAccess, signAccessToken, verifyAccessToken, type Identity } from './identity.js';

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

  it('round-trips a customer and an admin', async () => {
    expect(await codec.verify(await codec.sign(alice))).toEqual(alice);
    expect(await codec.verify(await codec.sign(admin))).toEqual(admin);
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

  it('accepts a header for 60 seconds and not after', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-21T10:00:00Z'));
    const header = await codec.sign(alice);
    vi.setSystemTime(new Date('2026-11-21T10:00:59Z'));
    expect(await codec.verify(header)).toEqual(alice);
    vi.setSystemTime(new Date('2026-11-21T10:01:01Z'));
    expect(await codec.verify(header)).toBeNull();
  });

  it('rejects an unsigned (alg: none) header with otherwise valid claims', async () => {
    const claims = decodeJwt(await codec.sign(admin));
    expect(await codec.verify(unsigned(claims))).toBeNull();
  });

  it('rejects a correctly signed header for another audience or issuer', async () => {
    const claims = decodeJwt(await codec.sign(admin));
    expect(await codec.verify(await signRaw(claims, SECRET))).toEqual(admin); // control: the re-signing itself is sound
    expect(await codec.verify(await signRaw({ ...claims, aud: 'ordergraph' }, SECRET))).toBeNull();
    expect(await codec.verify(await signRaw({ ...claims, iss: 'ordergraph-accounts' }, SECRET))).toBeNull();
  });

  it('rejects a header whose role is missing or unknown', async () => {
    const claims = decodeJwt(await codec.sign(admin));
    expect(await codec.verify(await signRaw({ ...claims, role: undefined }, SECRET))).toBeNull();
    expect(await codec.verify(await signRaw({ ...claims, role: 'ROOT' }, SECRET))).toBeNull();
    expect(await codec.verify(await signRaw({ ...claims, sub: undefined }, SECRET))).toBeNull();
  });
});

describe('verifyAccessToken', () => {
  const options = { secret: 'jwt-secret-for-unit-tests-0123456789abcd', issuer: 'ordergraph-accounts', audience: 'ordergraph' };
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (overrides: JWTPayload = {}): JWTPayload => ({
    sub: alice.customerId,
    role: alice.role,
    iss: options.issuer,
    aud: options.audience,
    iat: now(),
    exp: now() + 300,
    ...overrides,
  });

  it('accepts a token from signAccessToken', async () => {
    const token = await signAccessToken(admin, { ...options, ttlSeconds: 900 });
    expect(await verifyAccessToken(token, options)).toEqual(admin);
    const payload = decodeJwt(token);
    expect((payload.exp as number) - (payload.iat as number)).toBe(900);
  });

  it('accepts a hand-made HS256 token with the right claims (control for the cases below)', async () => {
    expect(await verifyAccessToken(await signRaw(claims(), options.secret), options)).toEqual(alice);
  });

  it('rejects alg: none', async () => {
    await expect(verifyAccessToken(unsigned(claims({ role: 'ADMIN' })), options)).rejects.toThrow();
  });

  it('rejects HS512 even with the right secret (algorithm pinned to HS256)', async () => {
    await expect(verifyAccessToken(await signRaw(claims(), options.secret, 'HS512'), options)).rejects.toThrow(/alg/);
  });

  it('rejects the wrong secret', async () => {
    await expect(verifyAccessToken(await signRaw(claims(), 'another-secret-another-secret-123'), options)).rejects.toThrow();
  });

  it('rejects the wrong issuer or audience', async () => {
    await expect(verifyAccessToken(await signRaw(claims({ iss: 'evil' }), options.secret), options)).rejects.toThrow(/iss/);
    await expect(verifyAccessToken(await signRaw(claims({ aud: 'other-app' }), options.secret), options)).rejects.toThrow(/aud/);
  });

  it('rejects an expired token', async () => {
    const token = await signRaw(claims({ iat: now() - 120, exp: now() - 60 }), options.secret);
    await expect(verifyAccessToken(token, options)).rejects.toThrow(/exp/);
  });

  it('rejects a token without exp, sub or a known role', async () => {
    await expect(verifyAccessToken(await signRaw(claims({ exp: undefined }), options.secret), options)).rejects.toThrow(/exp/);
    await expect(verifyAccessToken(await signRaw(claims({ sub: undefined }), options.secret), options)).rejects.toThrow(/sub/);
    await expect(verifyAccessToken(await signRaw(claims({ role: undefined }), options.secret), options)).rejects.toThrow(/role/);
    await expect(verifyAccessToken(await signRaw(claims({ role: 'SUPERUSER' }), options.secret), options)).rejects.toThrow(/role/);
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
