import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from './rateLimiter.js';
import { closeRedis, createRedis, waitForRedis } from './redis.js';

// Against the real Redis when TEST_REDIS_URL is set (CI), else the in-memory limiter.
const redisUrl = process.env.TEST_REDIS_URL;
const prefix = `ordergraph-unit-${randomBytes(4).toString('hex')}:`;
const clients = redisUrl ? [createRedis(redisUrl), createRedis(redisUrl)] : [];
afterAll(async () => {
  for (const c of clients) {
    const keys = await c.keys(`${prefix}*`);
    if (keys.length) await c.del(...keys);
    await closeRedis(c);
  }
});

describe(`rate limiter (${redisUrl ? 'Redis' : 'memory'})`, () => {
  it('allows `points` per window, then rejects with the time until the window resets', async () => {
    if (clients[0]) await waitForRedis(clients[0]);
    const limiter = createRateLimiter({ redis: clients[0] ?? null, keyPrefix: `${prefix}a`, points: 3, duration: 60 });
    for (let i = 0; i < 3; i += 1) expect((await limiter.consume('k')).remainingPoints).toBe(2 - i);
    const rejection = await limiter.consume('k').catch((r: unknown) => r);
    expect(rejection).not.toBeInstanceOf(Error);
    expect((rejection as { msBeforeNext: number }).msBeforeNext).toBeGreaterThan(0);
    expect((await limiter.consume('other-key')).remainingPoints).toBe(2);
  });

  it(redisUrl ? 'two processes (two clients) share one budget' : 'two processes each count on their own', async () => {
    await Promise.all(clients.map((c) => waitForRedis(c)));
    const [a, b] = (redisUrl ? clients : [null, null]).map((c) => createRateLimiter({ redis: c, keyPrefix: `${prefix}shared`, points: 4, duration: 60 }));
    await Promise.all([a!.consume('k'), b!.consume('k'), a!.consume('k'), b!.consume('k')]);
    const next = await Promise.all([a!.consume('k'), b!.consume('k')].map((p) => p.then(() => 'allowed', () => 'limited')));
    expect(next).toEqual(redisUrl ? ['limited', 'limited'] : ['allowed', 'allowed']);
  });

  it('keeps limiting in memory when Redis is unreachable (insurance limiter)', async () => {
    const dead = createRedis('redis://127.0.0.1:9', () => undefined);
    try {
      const limiter = createRateLimiter({ redis: dead, keyPrefix: `${prefix}dead`, points: 2, duration: 60 });
      await limiter.consume('k');
      await limiter.consume('k');
      const third = await limiter.consume('k').catch((r: unknown) => r);
      expect((third as { msBeforeNext?: number }).msBeforeNext).toBeGreaterThan(0);
    } finally {
      dead.disconnect();
    }
  });
});
