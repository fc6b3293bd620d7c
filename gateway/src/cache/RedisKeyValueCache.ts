import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Redis } from 'ioredis';

export interface RedisKeyValueCacheOptions {
  /** The gateway's Redis client (createRedis: fails fast while Redis is down, never queues). */
  redis: Redis;
  /** Prefix of every key: the deployment's `REDIS_KEY_PREFIX` plus what the cache holds (e.g. `apq:`). */
  prefix: string;
  /** TTL in seconds when the caller gives none; null keeps entries until evicted. @default null */
  defaultTtlSeconds?: number | null;
}

/**
 * Apollo's KeyValueCache over the gateway's shared ioredis client, used for the automatic
 * persisted queries and the response cache, so replicas share both. Every key carries the
 * deployment's prefix. A cache is an optimisation: Redis failures read as misses and
 * unwritten entries (APQ clients then resend the full query; responses are recomputed).
 */
export class RedisKeyValueCache implements KeyValueCache<string> {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly defaultTtlSeconds: number | null;

  constructor({ redis, prefix, defaultTtlSeconds = null }: RedisKeyValueCacheOptions) {
    if (!prefix) throw new TypeError('RedisKeyValueCache: expected a non-empty key prefix, received ""');
    this.redis = redis;
    this.prefix = prefix;
    this.defaultTtlSeconds = defaultTtlSeconds;
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(this.prefix + key)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttl = options?.ttl ?? this.defaultTtlSeconds;
    try {
      if (ttl) await this.redis.set(this.prefix + key, value, 'PX', Math.max(1, Math.ceil(ttl * 1000)));
      else await this.redis.set(this.prefix + key, value);
    } catch {
      // Not stored: the next request computes (or sends) it again.
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      return (await this.redis.del(this.prefix + key)) > 0;
    } catch {
      return false;
    }
  }
}
