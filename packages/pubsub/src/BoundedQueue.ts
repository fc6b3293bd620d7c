export interface BoundedQueueOptions {
  /** Undelivered values held at most; one more is an overflow. */
  maxBuffered: number;
  /**
   * The consumer fell more than `maxBuffered` behind. The queue is over either way (its buffer
   * dropped, memory never grows); an Error returned here is thrown to the consumer, else it just ends.
   */
  onOverflow: () => Error | void;
  /** The consumer left (`return()`), or the queue failed or overflowed: called once. */
  onReturn?: () => void | Promise<void>;
}

/**
 * An async iterator fed by synchronous `push`es, holding at most `maxBuffered` undelivered values:
 * what one subscriber receives (the gateway's subscription streams, the subgraphs' pub/sub channels).
 *
 * Hand-written rather than a library (e.g. @repeaterjs/repeater): a Repeater starts its producer only
 * on the first `next()` (events pushed earlier are lost) and answers a full buffer by making the
 * producer wait, where one slow subscriber must instead be cut off without slowing the others.
 */
export class BoundedQueue<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void } | null = null;
  private ended = false;
  private failure: Error | null = null;
  private returned = false;

  constructor(private readonly options: BoundedQueueOptions) {}

  /** @returns false when the value was not taken (the queue is over, or this push overflowed it). */
  push(value: T): boolean {
    if (this.ended) return false;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value, done: false });
      return true;
    }
    if (this.buffer.length >= this.options.maxBuffered) {
      const error = this.options.onOverflow();
      if (error) this.fail(error);
      else void this.return();
      return false;
    }
    this.buffer.push(value);
    return true;
  }

  /** No more values: the consumer gets what is buffered, then the end. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.settleWaiting();
  }

  /** Over with an error: the buffer is dropped and the consumer's next read throws it. */
  fail(error: Error): void {
    if (this.failure || this.returned) return;
    this.failure = error;
    this.ended = true;
    this.buffer.length = 0;
    this.settleWaiting();
    this.leave();
  }

  get size(): number {
    return this.buffer.length;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift() as T, done: false });
    if (this.failure) return Promise.reject(this.failure);
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** The consumer leaves (client `complete`, socket closed): drop what is buffered. */
  async return(): Promise<IteratorResult<T>> {
    this.ended = true;
    this.buffer.length = 0;
    this.settleWaiting();
    await this.leave();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private async leave(): Promise<void> {
    if (this.returned) return;
    this.returned = true;
    await this.options.onReturn?.();
  }

  private settleWaiting(): void {
    if (!this.waiting || this.buffer.length > 0) return;
    const { resolve, reject } = this.waiting;
    this.waiting = null;
    if (this.failure) reject(this.failure);
    else resolve({ value: undefined, done: true });
  }
}
