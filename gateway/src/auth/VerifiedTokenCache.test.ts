import { describe, expect, it } from 'vitest';
import { VerifiedTokenCache } from './VerifiedTokenCache.js';

/** An unsigned token with the given claims: the cache reads `exp`, the verify function is ours. */
const token = (claims: Record<string, unknown>) =>
  `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const alice = { customerId: 'alice', role: 'CUSTOMER' as const };

function counting(result: () => Promise<typeof alice>) {
  const calls: string[] = [];
  return { calls, verify: (t: string) => (calls.push(t), result()) };
}

describe('VerifiedTokenCache', () => {
  it('verifies a token once and reuses the identity for the same token string only', async () => {
    const cache = new VerifiedTokenCache();
    const { calls, verify } = counting(async () => alice);
    const a = token({ sub: 'alice', exp: Math.floor(Date.now() / 1000) + 600 });
    const b = token({ sub: 'alice', exp: Math.floor(Date.now() / 1000) + 601 });
    expect(await cache.verify(a, verify)).toEqual(alice);
    expect(await cache.verify(a, verify)).toEqual(alice);
    await cache.verify(b, verify);
    expect(calls).toEqual([a, b]);
  });

  it('never keeps a failed verification', async () => {
    const cache = new VerifiedTokenCache();
    const { calls, verify } = counting(async () => {
      throw new Error('bad signature');
    });
    const t = token({ exp: Math.floor(Date.now() / 1000) + 600 });
    await expect(cache.verify(t, verify)).rejects.toThrow('bad signature');
    await expect(cache.verify(t, verify)).rejects.toThrow('bad signature');
    expect(calls).toHaveLength(2);
  });

  it('verifies again once the token has expired, and never keeps a token without exp', async () => {
    const cache = new VerifiedTokenCache();
    const { calls, verify } = counting(async () => alice);
    const soon = token({ exp: Math.floor(Date.now() / 1000) + 1 });
    await cache.verify(soon, verify);
    await new Promise((r) => setTimeout(r, 1100));
    await cache.verify(soon, verify);
    const noExp = token({ sub: 'alice' });
    await cache.verify(noExp, verify);
    await cache.verify(noExp, verify);
    expect(calls).toEqual([soon, soon, noExp, noExp]);
  });
});
