import type { Redis } from 'ioredis';

/**
 * Apollo Server's KeyValueCache over ioredis, so replicas share automatic persisted
 * queries (a hash registered on one works on all). Failures read as misses: APQ clients
 * then resend the full query, which is always correct.
 */
export class RedisKeyValueCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** TTL when the caller gives none. @default 86400 */
    private readonly defaultTtlSeconds = 86_400,
  ) {}

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(this.prefix + key)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const ttl = options?.ttl ?? this.defaultTtlSeconds;
    try {
      await this.redis.set(this.prefix + key, value, 'EX', Math.max(1, Math.ceil(ttl)));
    } catch {
      // A failed registration only means the next request carries the full query again.
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
