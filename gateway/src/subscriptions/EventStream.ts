/**
 * What one subscriber receives: an async iterator fed by `push`, holding at most
 * `maxBuffered` undelivered values. A consumer that falls further behind is cut off
 * (`onOverflow`) rather than let memory grow without bound.
 */
export class EventStream<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private ended = false;
  private returned = false;

  constructor(
    private readonly maxBuffered: number,
    private readonly onOverflow: () => void,
    private readonly onReturn: () => void,
  ) {}

  /** @returns false when the value was not taken (the stream is over or overflowed). */
  push(value: T): boolean {
    if (this.ended) return false;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value, done: false });
      return true;
    }
    if (this.buffer.length >= this.maxBuffered) {
      void this.return();
      this.onOverflow();
      return false;
    }
    this.buffer.push(value);
    return true;
  }

  /** No more values: the consumer gets what is buffered, then the end. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.release();
  }

  get size(): number {
    return this.buffer.length;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift() as T, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** The consumer leaves (client `complete`, socket closed): drop what is buffered. */
  async return(): Promise<IteratorResult<T>> {
    this.ended = true;
    this.buffer.length = 0;
    this.release();
    if (!this.returned) {
      this.returned = true;
      this.onReturn();
    }
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private release(): void {
    if (this.waiting && this.buffer.length === 0) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }
}
