import { BoundedQueue } from './BoundedQueue.js';
import { RepeatFilter } from './RepeatFilter.js';
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
  let unsubscribe: () => Promise<void> = async () => undefined;
  const queue = new BoundedQueue<T>({
    maxBuffered: maxBuffer,
    onOverflow: () => new SlowConsumerError(`More than ${maxBuffer} events waiting on ${channel}: the subscriber is too slow.`),
    onReturn: () => unsubscribe(),
  });
  const deliver = freshOnly(options, (event: T) => queue.push(event));
  const live = new LiveEvents(options, deliver);
  unsubscribe = await pubsub.subscribe(channel, (message) => live.receive(message));
  if (options.replay) {
    try {
      await replayThenLive(options.replay, deliver, live);
    } catch (error) {
      await queue.return();
      throw error;
    }
  }
  return queue;
}

/** Only events after the last position seen in their stream (`options.after` at first) go on. */
function freshOnly<T>(options: ChannelIteratorOptions<T>, deliver: (event: T) => void): (event: T) => void {
  const { position, stream } = options;
  if (!position) return deliver;
  const seen = new RepeatFilter(options.after ?? []);
  return (event) => {
    if (seen.accept(stream?.(event) ?? '', position(event))) deliver(event);
  };
}

/** Parses channel messages; while a replay is being read, holds live events back to deliver after it. */
class LiveEvents<T> {
  private held: T[] | null;

  constructor(
    private readonly options: ChannelIteratorOptions<T>,
    private readonly deliver: (event: T) => void,
  ) {
    this.held = options.replay ? [] : null;
  }

  receive(message: string): void {
    const event = this.options.parse(message);
    if (event === null) return;
    if (this.held) this.held.push(event);
    else this.deliver(event);
  }

  /** The replay is delivered: now the events that arrived meanwhile, and live ones directly from here on. */
  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const event of held) this.deliver(event);
  }
}

/** Missed events first (read after subscribing, so nothing falls between), then what arrived meanwhile. */
async function replayThenLive<T>(replay: () => Promise<T[]>, deliver: (event: T) => void, live: LiveEvents<T>): Promise<void> {
  for (const event of await replay()) deliver(event);
  live.release();
}
