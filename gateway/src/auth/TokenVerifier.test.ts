import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLError } from 'graphql';
import { authenticate } from './authenticate.js';
import { TokenRejected, TokenVerifier } from './TokenVerifier.js';

// A JWKS endpoint we control: keys can be rotated and the endpoint taken down.
let server: Server;
let jwksUrl: string;
let published: JWK[] = [];
let fetches = 0;
const keys: Record<string, { privateKey: CryptoKey; jwk: JWK }> = {};
const ISSUER = 'https://issuer.test';
const AUDIENCE = 'ordergraph';

async function addKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  keys[kid] = { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' } };
  return keys[kid]!;
}
const token = (kid: string, claims: JWTPayload = {}, ttl = '5m') =>
  new SignJWT({ role: 'CUSTOMER', sub: 'c1', iss: ISSUER, aud: AUDIENCE, ...claims }).setProtectedHeader({ alg: 'ES256', kid })
    .setIssuedAt().setExpirationTime(ttl).sign(keys[kid]!.privateKey);
const verifier = (options: Partial<ConstructorParameters<typeof TokenVerifier>[0]> = {}) =>
  new TokenVerifier({ jwksUrl, issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'], secret: null, clockToleranceSeconds: 0, ...options });

beforeAll(async () => {
  await addKey('k1');
  published = [keys.k1!.jwk];
  server = createServer((_req, res) => {
    fetches += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('TokenVerifier', () => {
  it('accepts a valid token and caches the result (one JWKS fetch, one signature check)', async () => {
    const v = verifier();
    const t = await token('k1');
    const before = fetches;
    expect(await v.verify(t)).toEqual({ customerId: 'c1', role: 'CUSTOMER', scopes: [] });
    expect(await v.verify(t)).toEqual({ customerId: 'c1', role: 'CUSTOMER', scopes: [] });
    expect(fetches - before).toBe(1);
  });

  it.each([
    ['expired', () => token('k1', {}, '-1m')],
    ['not yet valid', () => token('k1', { nbf: Math.floor(Date.now() / 1000) + 600 })],
    ['wrong issuer', () => token('k1', { iss: 'https://evil.test' })],
    ['wrong audience', () => token('k1', { aud: 'other' })],
    ['alg none', async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${(await token('k1')).split('.')[1]}.`],
    ['bad signature', async () => `${(await token('k1')).slice(0, -4)}AAAA`],
    ['HS256 without a configured secret', () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('c1').setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').sign(new TextEncoder().encode('x'.repeat(32)))],
    ['not a JWT', async () => 'definitely-not-a-jwt'],
  ])('rejects a token that is %s as invalid', async (_name, make) => {
    const error = await verifier().verify(await make()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRejected);
    expect((error as TokenRejected).reason).toBe('invalid');
  });

  it('refuses a token issued in the future beyond the clock tolerance (UNAUTHENTICATED), accepts one within it', async () => {
    const now = Math.floor(Date.now() / 1000);
    const issuedAt = (iat: number) =>
      new SignJWT({ role: 'CUSTOMER', sub: 'c1', iss: ISSUER, aud: AUDIENCE }).setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuedAt(iat).setExpirationTime(now + 600).sign(keys.k1!.privateKey);
    const v = verifier({ clockToleranceSeconds: 30 });
    const future = await issuedAt(now + 300);
    await expect(v.verify(future)).rejects.toMatchObject({ reason: 'invalid' });
    const refused = await authenticate(`Bearer ${future}`, v).catch((e: GraphQLError) => e);
    expect((refused as GraphQLError).extensions).toMatchObject({ code: 'UNAUTHENTICATED', http: { status: 401 } });
    expect(await v.verify(await issuedAt(now + 10))).toMatchObject({ customerId: 'c1' });
  });

  it('accepts HS256 only with the configured secret', async () => {
    const secret = 'an-hs256-shared-secret-of-32-chars!!';
    const sign = (s: string) => new SignJWT({ scope: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('a1').setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').sign(new TextEncoder().encode(s));
    expect(await verifier({ jwksUrl: null, secret }).verify(await sign(secret))).toMatchObject({ customerId: 'a1', role: 'ADMIN' });
    await expect(verifier({ jwksUrl: null, secret }).verify(await sign(`${secret}x`))).rejects.toBeInstanceOf(TokenRejected);
  });

  it('follows a key rotation: a new kid is fetched, and old tokens stay valid while their key is published', async () => {
    const v = verifier();
    const old = await token('k1');
    await v.verify(old);
    await addKey('k2');
    published = [keys.k2!.jwk, keys.k1!.jwk];
    // jose re-fetches for an unknown kid once its 30 s cooldown has passed; a fresh verifier shows the published state.
    const fresh = verifier();
    expect((await fresh.verify(await token('k2'))).customerId).toBe('c1');
    expect((await fresh.verify(old)).customerId).toBe('c1');
    published = [keys.k2!.jwk];
    const afterRetirement = verifier();
    await expect(afterRetirement.verify(await token('k1', { jti: 'new' }))).rejects.toMatchObject({ reason: 'invalid' });
  });

  it('reports keys-unavailable (not invalid) when the JWKS cannot be fetched', async () => {
    const down = verifier({ jwksUrl: 'http://127.0.0.1:9/jwks.json' });
    await expect(down.verify(await token('k1'))).rejects.toMatchObject({ reason: 'keys-unavailable' });
  });
});
