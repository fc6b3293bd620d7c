import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildKeySet, generateSigningJwk, loadSigningKeys } from './signingKeys.js';

describe('signing keys', () => {
  it('publishes every key (public parts only) and signs with the first', async () => {
    const [a, b] = await Promise.all([generateSigningJwk('ES256'), generateSigningJwk('EdDSA')]);
    const set = await buildKeySet([a, b], 'JWT_SIGNING_KEYS');
    expect(set.active).toMatchObject({ kid: a.kid, alg: 'ES256' });
    expect(set.jwks.keys.map((k) => [k.kid, k.alg, k.use])).toEqual([[a.kid, 'ES256', 'sig'], [b.kid, 'EdDSA', 'sig']]);
    expect(JSON.stringify(set.jwks)).not.toContain(a.d as string);
  });

  it('accepts an old key as public-only (its tokens stay valid), but never as the signing key', async () => {
    const [a, b] = await Promise.all([generateSigningJwk(), generateSigningJwk()]);
    const { d: _d, ...publicB } = b;
    await expect(buildKeySet([a, publicB], 'K')).resolves.toBeTruthy();
    await expect(buildKeySet([publicB, a], 'K')).rejects.toThrow(/key 0 signs tokens, so it must be a private key/);
  });

  it.each([
    ['not an array', { kty: 'EC' }, /non-empty JSON array/],
    ['empty', [], /non-empty JSON array/],
    ['a symmetric key', [{ kty: 'oct', k: 'abc', kid: 'x' }], /key 0: expected an EC P-256/],
    ['an RSA key', [{ kty: 'RSA', n: 'x', e: 'AQAB', kid: 'x' }], /key 0: expected an EC P-256/],
    ['no kid', 'NO_KID', /"kid" is required/],
    ['duplicate kids', 'DUPLICATE', /duplicate kid/],
  ])('refuses %s, naming the source and never echoing key material', async (_name, input, message) => {
    const key = await generateSigningJwk();
    const keys = input === 'NO_KID' ? [{ ...key, kid: undefined }] : input === 'DUPLICATE' ? [key, key] : input;
    const error = await buildKeySet(keys, 'JWT_SIGNING_KEYS').catch((e: Error) => e);
    expect((error as Error).message).toMatch(/JWT_SIGNING_KEYS/);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(key.d as string);
  });

  it('development keys persist in a 0600 file, so a restart keeps everybody signed in', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ordergraph-keys-')), 'keys', 'accounts-signing-keys.json');
    const first = await loadSigningKeys({ kind: 'file', path: file });
    const second = await loadSigningKeys({ kind: 'file', path: file });
    expect(second.active.kid).toBe(first.active.kid);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))[0].kid).toBe(first.active.kid);
  });

  it('in-memory keys (DATA_DIR=:memory:) are new for every start', async () => {
    const [a, b] = await Promise.all([loadSigningKeys({ kind: 'memory' }), loadSigningKeys({ kind: 'memory' })]);
    expect(a.active.kid).not.toBe(b.active.kid);
  });
});
