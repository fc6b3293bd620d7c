import type { Listener, PubSub } from './types.js';

/** In-process pub/sub for the embedded default (one process runs everything). */
export class MemoryPubSub implements PubSub {
  private readonly channels = new Map<string, Set<Listener>>();

  async publish(channel: string, message: string): Promise<void> {
    for (const listener of this.channels.get(channel) ?? []) listener(message);
  }

  async publishMany(messages: ReadonlyArray<{ channel: string; message: string }>): Promise<void> {
    for (const { channel, message } of messages) await this.publish(channel, message);
  }

  async subscribe(channel: string, listener: Listener): Promise<() => Promise<void>> {
    const listeners = this.channels.get(channel) ?? new Set<Listener>();
    listeners.add(listener);
    this.channels.set(channel, listeners);
    return async () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.channels.delete(channel);
    };
  }

  listenerCount(channel: string): number {
    return this.channels.get(channel)?.size ?? 0;
  }

  async close(): Promise<void> {
    this.channels.clear();
  }
}
