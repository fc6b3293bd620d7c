import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { Redis } from 'ioredis';

export interface RedisKeyValueCacheOptions {
  /** e.g. `redis://127.0.0.1:6379/0` */
  url: string;
  /** Prefix of every key, so several deployments can share one Redis. @default 'ordergraph:' */
  prefix?: string;
}

/**
 * Apollo's KeyValueCache over Redis (ioredis), for the response cache shared by all gateway
 * processes. Commands fail fast while Redis is unreachable (no offline queue); wrap it in
 * ErrorsAreMissesCache so that an outage means cache misses, not failed requests.
 */
export class RedisKeyValueCache implements KeyValueCache<string> {
  private readonly redis: Redis;

  constructor({ url, prefix = 'ordergraph:' }: RedisKeyValueCacheOptions) {
    if (!/^rediss?:\/\//.test(url)) throw new TypeError(`RedisKeyValueCache: expected a redis:// or rediss:// URL, received ${JSON.stringify(url)}`);
    this.redis = new Redis(url, { keyPrefix: prefix, enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    // Errors surface on the commands; without a listener ioredis would log every reconnect attempt.
    this.redis.on('error', () => undefined);
  }

  /** Resolves once connected, or after `timeoutMs` (the cache then misses until Redis is back). */
  ready(timeoutMs: number): Promise<boolean> {
    if (this.redis.status === 'ready') return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.redis.once('ready', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(key)) ?? undefined;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttl = options?.ttl;
    if (ttl) await this.redis.set(key, value, 'PX', Math.ceil(ttl * 1000));
    else await this.redis.set(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(key)) > 0;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
