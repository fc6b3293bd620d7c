import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdentityCodec } from '@ordergraph/core';
import { createForwardedVerifier } from './forwardedIdentity.js';

const codec = new IdentityCodec('a-test-secret-that-is-long-enough-for-hs256');
afterEach(() => vi.useRealTimers());

describe('forwarded identity verifier', () => {
  it('serves a verified header from memory, but never past its expiry', async () => {
    const verify = createForwardedVerifier(codec);
    const header = await codec.signRequest({ identity: { customerId: 'c1', role: 'CUSTOMER' }, clientIp: '192.0.2.1' });
    const spy = vi.spyOn(codec, 'verifyRequest');
    expect((await verify(header))?.identity?.customerId).toBe('c1');
    expect((await verify(header))?.identity?.customerId).toBe('c1');
    expect(spy).toHaveBeenCalledTimes(1);
    vi.useFakeTimers({ now: Date.now() + 61_000 });
    expect(await verify(header)).toBeNull();
  });

  it('does not cache forged headers', async () => {
    const verify = createForwardedVerifier(codec);
    const forged = await new IdentityCodec('another-secret-that-is-long-enough-xx').sign({ customerId: 'c1', role: 'ADMIN' });
    expect(await verify(forged)).toBeNull();
    expect(await verify(undefined)).toBeNull();
  });
});
