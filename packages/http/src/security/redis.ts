import { Redis } from 'ioredis';
import { dropWhenUnanswered } from '@ordergraph/pubsub';

/** Longest wait for one command: counters and caches answer in well under a millisecond. */
const COMMAND_TIMEOUT_MS = 500;

/**
 * A Redis client for counters and caches that never stalls a request: with the offline
 * queue off, a command fails at once while Redis is unreachable, and callers fall back
 * (rate limiters to per-process memory). Errors are reported once per outage, without the URL.
 * A paused or partitioned server (socket open, no answers) costs one command timeout: the
 * watchdog then drops the connection, and callers fall back at once until Redis answers.
 */
export function createRedis(url: string, onError: (message: string) => void = (m) => console.error(m)): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: COMMAND_TIMEOUT_MS,
    lazyConnect: false,
  });
  let down = false;
  dropWhenUnanswered(redis, {
    timeoutMs: COMMAND_TIMEOUT_MS,
    onStall: () => {
      down = true;
      onError(`redis: no answer within ${COMMAND_TIMEOUT_MS} ms; reconnecting, rate limits fall back to per-process memory until it answers`);
    },
  });
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
