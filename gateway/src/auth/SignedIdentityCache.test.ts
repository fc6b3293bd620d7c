import { describe, expect, it } from 'vitest';
import { IdentityCodec } from '@ordergraph/core';
import { SignedIdentityCache } from './SignedIdentityCache.js';

const codec = new IdentityCodec('a-test-secret-of-at-least-32-characters');
const alice = { customerId: 'alice', role: 'CUSTOMER' as const };

describe('SignedIdentityCache', () => {
  it('reuses a caller’s signed identity, and it still verifies as that caller', async () => {
    const cache = new SignedIdentityCache(codec);
    const first = await cache.sign(alice);
    expect(await cache.sign(alice)).toBe(first);
    expect(await codec.verify(first)).toEqual(alice);
  });

  it('never shares a signature between callers or roles', async () => {
    const cache = new SignedIdentityCache(codec);
    const asCustomer = await cache.sign(alice);
    const asAdmin = await cache.sign({ ...alice, role: 'ADMIN' });
    const bob = await cache.sign({ customerId: 'bob', role: 'CUSTOMER' });
    expect(new Set([asCustomer, asAdmin, bob]).size).toBe(3);
    expect(await codec.verify(asAdmin)).toEqual({ customerId: 'alice', role: 'ADMIN' });
  });

  it('signs again once the reuse window has passed', async () => {
    const cache = new SignedIdentityCache(codec, { reuseMs: 1 });
    const first = cache.sign(alice);
    await new Promise((r) => setTimeout(r, 1100)); // iat has one-second resolution
    expect(await cache.sign(alice)).not.toBe(await first);
  });

  it('refuses a reuse window the 60 s header lifetime cannot cover', () => {
    expect(() => new SignedIdentityCache(codec, { reuseMs: 60_000 })).toThrow('reuseMs must be between 0 and 50000 ms, received 60000');
  });
});
