import { SignJWT, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { IdentityCodec, identityFromClaims, scopesOfIdentity } from './identity.js';

const codec = new IdentityCodec('a-test-secret-that-is-long-enough-for-hs256');

describe('IdentityCodec', () => {
  it('round-trips the caller, their scopes and the client IP', async () => {
    const header = await codec.signRequest({ identity: { customerId: 'c1', role: 'ADMIN' }, clientIp: '203.0.113.9' });
    expect(await codec.verifyRequest(header)).toMatchObject({ identity: { customerId: 'c1', role: 'ADMIN', scopes: ['admin'] }, clientIp: '203.0.113.9' });
    expect(await codec.verify(header)).toEqual({ customerId: 'c1', role: 'ADMIN', scopes: ['admin'] });
  });

  it('carries an anonymous caller’s IP with no identity', async () => {
    const header = await codec.signRequest({ identity: null, clientIp: '198.51.100.1' });
    const verified = await codec.verifyRequest(header);
    expect(verified).toMatchObject({ identity: null, clientIp: '198.51.100.1' });
    expect(verified?.expiresAt).toBeGreaterThan(Date.now() + 50_000);
  });

  it('rejects a header signed with another secret, expired, or for another audience', async () => {
    const other = await new IdentityCodec('another-secret-that-is-long-enough-xx').sign({ customerId: 'c1', role: 'ADMIN' });
    expect(await codec.verifyRequest(other)).toBeNull();
    const key = new TextEncoder().encode('a-test-secret-that-is-long-enough-for-hs256');
    const expired = await new SignJWT({ role: 'ADMIN' }).setProtectedHeader({ alg: 'HS256' }).setSubject('c1').setIssuer('ordergraph-gateway')
      .setAudience('ordergraph-subgraphs').setIssuedAt(1_000).setExpirationTime(1_060).sign(key);
    expect(await codec.verifyRequest(expired)).toBeNull();
    const wrongAudience = await new SignJWT({ role: 'ADMIN' }).setProtectedHeader({ alg: 'HS256' }).setSubject('c1').setIssuer('ordergraph-gateway')
      .setAudience('elsewhere').setIssuedAt().setExpirationTime('1m').sign(key);
    expect(await codec.verifyRequest(wrongAudience)).toBeNull();
    expect(await codec.verifyRequest('garbage')).toBeNull();
  });
});

describe('IdentityCodec tokens and jose (node:crypto HMAC on our side, WebCrypto on jose\'s)', () => {
  const secret = 'a-test-secret-that-is-long-enough-for-hs256';
  const key = new TextEncoder().encode(secret);
  const joseToken = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256' }) =>
    new SignJWT(claims).setProtectedHeader(header as { alg: string }).setSubject('c1').setIssuer('ordergraph-gateway').setAudience('ordergraph-subgraphs');

  it('signs tokens jose verifies, with the claims jose would have written', async () => {
    const header = await codec.signRequest({ identity: { customerId: 'c1', role: 'CUSTOMER', scopes: ['orders:read'] }, clientIp: '203.0.113.9' });
    const { payload, protectedHeader } = await jwtVerify(header, key, { algorithms: ['HS256'], issuer: 'ordergraph-gateway', audience: 'ordergraph-subgraphs', requiredClaims: ['exp', 'iat'] });
    expect(protectedHeader).toEqual({ alg: 'HS256' });
    expect(payload).toMatchObject({ sub: 'c1', role: 'CUSTOMER', scope: 'orders:read', ip: '203.0.113.9' });
    expect((payload.exp as number) - (payload.iat as number)).toBe(60);
  });

  it('verifies tokens jose signed (a gateway of the previous release during a rolling deploy)', async () => {
    const token = await joseToken({ role: 'ADMIN', ip: '198.51.100.7' }).setIssuedAt().setExpirationTime('1m').sign(key);
    expect(await codec.verifyRequest(token)).toMatchObject({ identity: { customerId: 'c1', role: 'ADMIN' }, clientIp: '198.51.100.7' });
  });

  it('refuses any other algorithm or header, a tampered payload or signature, and missing or future claims', async () => {
    const valid = await codec.sign({ customerId: 'c1', role: 'CUSTOMER' });
    const [h, p, sig] = valid.split('.') as [string, string, string];
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'ADMIN' })).toString('base64url');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    const hs512 = await joseToken({ role: 'ADMIN' }, { alg: 'HS512' }).setIssuedAt().setExpirationTime('1m').sign(key);
    const withTyp = await joseToken({ role: 'ADMIN' }, { alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime('1m').sign(key);
    const noIat = await joseToken({ role: 'ADMIN' }).setExpirationTime('1m').sign(key);
    const notYet = await joseToken({ role: 'ADMIN' }).setIssuedAt().setNotBefore('30s').setExpirationTime('1m').sign(key);
    const otherIssuer = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('c1').setIssuer('someone').setAudience('ordergraph-subgraphs').setIssuedAt().setExpirationTime('1m').sign(key);
    for (const token of [
      `${h}.${forgedPayload}.${sig}`,
      `${h}.${p}.${sig.slice(0, -2)}AA`,
      `${h}.${p}`,
      `${h}.${p}.${sig}.x`,
      `.${p}.${sig}`,
      none,
      hs512,
      withTyp,
      noIat,
      notYet,
      otherIssuer,
      `${h}.${Buffer.from('[1]').toString('base64url')}.x`,
    ]) {
      expect(await codec.verifyRequest(token), token).toBeNull();
    }
    expect(await codec.verifyRequest(valid)).not.toBeNull();
  });
});

describe('identityFromClaims', () => {
  it('maps role and scopes, so that ADMIN and the admin scope always agree', () => {
    expect(identityFromClaims({ sub: 'a', role: 'ADMIN' })).toEqual({ customerId: 'a', role: 'ADMIN', scopes: ['admin'] });
    expect(identityFromClaims({ sub: 'b', scope: 'admin catalog:write' })).toEqual({ customerId: 'b', role: 'ADMIN', scopes: ['admin', 'catalog:write'] });
    expect(identityFromClaims({ sub: 'c', scp: ['orders:read'] })).toEqual({ customerId: 'c', role: 'CUSTOMER', scopes: ['orders:read'] });
    expect(identityFromClaims({ sub: 'd', role: 'ROOT' })?.role).toBe('CUSTOMER');
    expect(identityFromClaims({ role: 'ADMIN' })).toBeNull();
    expect(identityFromClaims({ sub: '' })).toBeNull();
    expect(scopesOfIdentity({ customerId: 'e', role: 'ADMIN' })).toEqual(['admin']);
  });
});
