import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type IRateLimiterOptions, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface RateLimiterOptions {
  /** Shared counters (all replicas see the same budget); null counts in this process only. */
  redis: Redis | null;
  /** Key namespace, e.g. `ordergraph:rl:gateway:`. */
  keyPrefix: string;
  points: number;
  /** Window in seconds. */
  duration: number;
}

/**
 * A fixed-window limiter (rate-limiter-flexible): atomic in Redis, with an in-memory
 * insurance limiter of the same shape that takes over while Redis is unreachable.
 */
export function createRateLimiter({ redis, keyPrefix, points, duration }: RateLimiterOptions): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix, points, duration });
  if (!redis) return memory;
  return new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, insuranceLimiter: memory, rejectIfRedisNotReady: true });
}

/**
 * The class graphql-rate-limit-directive instantiates per (limit, duration): Redis-backed
 * with its own matching in-memory insurance limiter.
 */
export function redisLimiterClass(redis: Redis) {
  return class ResilientRedisLimiter extends RateLimiterRedis {
    constructor(options: IRateLimiterOptions) {
      super({
        ...options,
        storeClient: redis,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: options.keyPrefix, points: options.points, duration: options.duration }),
      });
    }
  };
}
