export * from './types.js';
export { MemoryPubSub } from './MemoryPubSub.js';
export { RedisPubSub, type RedisPubSubOptions } from './RedisPubSub.js';
import { MemoryPubSub } from './MemoryPubSub.js';
import { RedisPubSub } from './RedisPubSub.js';
import type { PubSub } from './types.js';

/** Redis when `REDIS_URL` is configured, else in-process (embedded default, single process). */
export function createPubSub(options: { redisUrl?: string | null; prefix?: string }): PubSub {
  return options.redisUrl ? new RedisPubSub({ url: options.redisUrl, prefix: options.prefix }) : new MemoryPubSub();
}

/** Channels the order saga's status events are published on. */
export const orderChannel = (orderId: string) => `order:${orderId}`;
export const customerOrdersChannel = (customerId: string) => `customer:${customerId}`;
export { channelIterator, SlowConsumerError, type ChannelIteratorOptions } from './channelIterator.js';
export { BoundedQueue, type BoundedQueueOptions } from './BoundedQueue.js';
export { RepeatFilter } from './RepeatFilter.js';
export { dropWhenUnanswered, type RedisWatchdogOptions } from './redisWatchdog.js';
