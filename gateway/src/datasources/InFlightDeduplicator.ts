/**
 * Shares one in-flight promise between callers with the same key. Results must be
 * immutable (the data source shares the response text and parses it per caller, because
 * the executor merges into the parsed objects).
 */
export class InFlightDeduplicator {
  private readonly inFlight = new Map<string, Promise<any>>();
  /** Calls that joined another's round trip instead of making their own. */
  shared = 0;

  /** @param onShared called for each call that joined another's round trip */
  constructor(private readonly onShared?: () => void) {}

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const existing = this.inFlight.get(key) as Promise<T> | undefined;
    if (existing) {
      this.shared += 1;
      this.onShared?.();
      return existing;
    }
    const promise = fn().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }
}
