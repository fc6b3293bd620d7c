/**
 * Drops repeats of at-least-once delivery: events carry a position that increases within their
 * stream (an order), and one at or below the last seen in its stream was delivered already.
 * At most `maxStreams` streams are remembered, the least recently advanced forgotten first.
 */
export class RepeatFilter {
  private readonly last: Map<string, bigint>;

  constructor(
    initial: Iterable<readonly [string, bigint]> = [],
    private readonly maxStreams = Number.POSITIVE_INFINITY,
  ) {
    this.last = new Map(initial);
  }

  /** @returns true for an event not seen before (and remembers its position), false for a repeat. */
  accept(stream: string, at: bigint): boolean {
    const seen = this.last.get(stream);
    if (seen !== undefined && at <= seen) return false;
    this.last.delete(stream); // re-inserted last: the map stays in recency order
    this.last.set(stream, at);
    if (this.last.size > this.maxStreams) this.last.delete(this.last.keys().next().value as string);
    return true;
  }

  get size(): number {
    return this.last.size;
  }

  /** The last position per stream, as decimal strings (what a resume request carries). */
  toJSON(): Record<string, string> {
    return Object.fromEntries([...this.last].map(([stream, at]) => [stream, at.toString()]));
  }
}
