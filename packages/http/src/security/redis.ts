import { Redis } from 'ioredis';

/**
 * A Redis client for counters and caches that never stalls a request: with the offline
 * queue off, a command fails at once while Redis is unreachable, and callers fall back
 * (rate limiters to per-process memory). Errors are reported once per outage, without the URL.
 */
export function createRedis(url: string, onError: (message: string) => void = (m) => console.error(m)): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    lazyConnect: false,
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    onError(`redis: ${error.message}; rate limits fall back to per-process memory until it is back`);
  });
  redis.on('ready', () => {
    down = false;
  });
  return redis;
}

/** Wait (bounded) for the first connection, so a healthy Redis is used from the first request. */
export async function waitForRedis(redis: Redis, timeoutMs = 2_000): Promise<boolean> {
  if (redis.status === 'ready') return true;
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.once('ready', onReady);
  });
}

export async function closeRedis(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
