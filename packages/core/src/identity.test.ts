import { SignJWT } from 'jose';
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
