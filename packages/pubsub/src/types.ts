export type Listener = (message: string) => void;

/** Fan-out of messages to every subscriber of a channel, in publish order per channel. */
export interface PubSub {
  publish(channel: string, message: string): Promise<void>;
  /**
   * Publish several messages in this order, as one write where the transport allows (Redis: one
   * pipeline, so one socket write instead of one per message). Fails if any message failed.
   */
  publishMany(messages: ReadonlyArray<{ channel: string; message: string }>): Promise<void>;
  /** @returns a function that ends this subscription. */
  subscribe(channel: string, listener: Listener): Promise<() => Promise<void>>;
  /** Listeners on `channel` in this process: what tests and probes wait on ("the subscription is live"). */
  listenerCount(channel: string): number;
  close(): Promise<void>;
}
