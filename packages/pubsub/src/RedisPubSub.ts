import { Redis } from 'ioredis';
import { dropWhenUnanswered } from './redisWatchdog.js';
import type { Listener, PubSub } from './types.js';

export interface RedisPubSubOptions {
  url: string;
  /** Prepended to every channel, so several deployments can share one Redis. @default 'ordergraph:' */
  prefix?: string;
}

/**
 * Redis pub/sub (ioredis): a message published by any replica reaches subscribers on every
 * replica. One connection publishes, one subscribes; a Redis channel is subscribed once per
 * process however many local listeners it has.
 */
export class RedisPubSub implements PubSub {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly channels = new Map<string, Set<Listener>>();
  /** Channels whose SUBSCRIBE Redis has acknowledged. */
  private readonly confirmed = new Set<string>();

  constructor(options: RedisPubSubOptions) {
    this.prefix = options.prefix ?? 'ordergraph:';
    // Publishing fails fast while Redis is away (no offline queue, a command timeout for a paused
    // server): the outbox relay publishes inside a database transaction, and waiting there for a
    // reconnect held the transaction open — on PGlite, with its single connection, it stalled
    // every order. A failed publish leaves the events in the outbox for the next pass.
    // A paused server costs one timeout, not one per publish: the watchdog drops the connection.
    this.publisher = new Redis(options.url, { lazyConnect: false, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 500 });
    dropWhenUnanswered(this.publisher);
    this.subscriber = new Redis(options.url, { lazyConnect: false });
    // While Redis is down, publish fails on its own (the outbox relay logs it and retries) and
    // both clients reconnect; without listeners ioredis prints every reconnect attempt.
    for (const client of [this.publisher, this.subscriber]) client.on('error', () => undefined);
    this.subscriber.on('message', (channel: string, message: string) => {
      for (const listener of this.channels.get(channel) ?? []) listener(message);
    });
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.publisher.publish(this.prefix + channel, message);
  }

  async publishMany(messages: ReadonlyArray<{ channel: string; message: string }>): Promise<void> {
    if (messages.length === 0) return;
    // One pipeline: the commands go in one socket write and Redis runs them in this order (the
    // outbox relay publishes hundreds per pass; one write per PUBLISH was ~7 % of orders' CPU, #17).
    const pipeline = this.publisher.pipeline();
    for (const { channel, message } of messages) pipeline.publish(this.prefix + channel, message);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0];
    if (results.length !== messages.length) throw new Error(`Redis answered ${results.length} of ${messages.length} publishes.`);
  }

  async subscribe(channel: string, listener: Listener): Promise<() => Promise<void>> {
    const key = this.prefix + channel;
    let listeners = this.channels.get(key);
    if (!listeners) {
      listeners = new Set();
      this.channels.set(key, listeners);
      await this.subscriber.subscribe(key);
      this.confirmed.add(key);
    }
    listeners.add(listener);
    return async () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.channels.get(key) === listeners) {
        this.channels.delete(key);
        this.confirmed.delete(key);
        await this.subscriber.unsubscribe(key);
      }
    };
  }

  /** Counted once Redis confirmed the channel's SUBSCRIBE, so a message published then is received. */
  listenerCount(channel: string): number {
    return this.confirmed.has(this.prefix + channel) ? (this.channels.get(this.prefix + channel)?.size ?? 0) : 0;
  }

  /** Readiness: Redis answers a PING. */
  async ping(): Promise<boolean> {
    return (await this.publisher.ping()) === 'PONG';
  }

  async close(): Promise<void> {
    this.channels.clear();
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
  }
}
