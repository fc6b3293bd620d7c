import type { PubSub } from './types.js';

export interface ChannelIteratorOptions<T> {
  /** Turn a raw message into an event; return null to skip it. */
  parse: (message: string) => T | null;
  /**
   * Position of an event, increasing within its stream (see `stream`); an event at or below the
   * last one seen in its stream is a repeat and dropped.
   */
  position?: (event: T) => bigint;
  /** The stream an event belongs to (e.g. its order), positions increase per stream. @default one stream */
  stream?: (event: T) => string;
  /** Resume: the last position already delivered, per stream; nothing at or below it is delivered again. */
  after?: ReadonlyMap<string, bigint>;
  /**
   * Resume: events the subscriber missed, read after subscribing (so nothing falls between the
   * two) and delivered, in the order given, before any live event. Repeats are dropped as above.
   */
  replay?: () => Promise<T[]>;
  /** Events held for a slow consumer before the stream ends with an error. @default 256 */
  maxBuffer?: number;
}

/** The consumer fell too far behind: the stream ends rather than buffer without bound. */
export class SlowConsumerError extends Error {}

/**
 * An async iterator over one pub/sub channel. It subscribes before returning, so no message
 * published after the call is missed; drops repeats (at-least-once delivery upstream);
 * keeps at most `maxBuffer` undelivered events.
 */
export async function channelIterator<T>(pubsub: PubSub, channel: string, options: ChannelIteratorOptions<T>): Promise<AsyncIterableIterator<T>> {
  const maxBuffer = options.maxBuffer ?? 256;
  const buffer: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | null = null;
  let failWaiting: ((error: Error) => void) | null = null;
  let failure: Error | null = null;
  let done = false;
  const last = new Map<string, bigint>(options.after ?? []);
  /** Live events that arrive while the replay is read: delivered after it. */
  let held: T[] | null = options.replay ? [] : null;

  const fresh = (event: T): boolean => {
    if (!options.position) return true;
    const at = options.position(event);
    const stream = options.stream?.(event) ?? '';
    const seen = last.get(stream);
    if (seen !== undefined && at <= seen) return false;
    last.set(stream, at);
    return true;
  };

  const deliver = (event: T) => {
    if (done || !fresh(event)) return;
    if (waiting) {
      const resolve = waiting;
      waiting = failWaiting = null;
      resolve({ value: event, done: false });
    } else if (buffer.length >= maxBuffer) {
      failure = new SlowConsumerError(`More than ${maxBuffer} events waiting on ${channel}: the subscriber is too slow.`);
      void finish();
    } else {
      buffer.push(event);
    }
  };

  const unsubscribe = await pubsub.subscribe(channel, (message) => {
    if (done) return;
    const event = options.parse(message);
    if (event === null) return;
    if (held) held.push(event);
    else deliver(event);
  });

  if (options.replay) {
    try {
      for (const event of await options.replay()) deliver(event);
    } catch (error) {
      await unsubscribe();
      throw error;
    }
    const live = held ?? [];
    held = null;
    for (const event of live) deliver(event);
  }

  async function finish(): Promise<IteratorResult<T>> {
    if (!done) {
      done = true;
      if (failure) buffer.length = 0;
      await unsubscribe();
    }
    if (waiting) {
      const resolve = waiting;
      const reject = failWaiting;
      waiting = failWaiting = null;
      if (failure && reject) reject(failure);
      else resolve({ value: undefined, done: true });
    }
    return { value: undefined, done: true };
  }

  const iterator: AsyncIterableIterator<T> = {
    next() {
      if (buffer.length > 0) return Promise.resolve({ value: buffer.shift() as T, done: false });
      if (failure) return Promise.reject(failure);
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => {
        waiting = resolve;
        failWaiting = reject;
      });
    },
    return: finish,
    throw: async (error: unknown) => {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
