export interface OperationGateOptions {
  /** Operations running at once; the others wait in arrival order. */
  limit: number;
  /**
   * An operation keeps its slot this long at most, then goes on without it and the next one
   * starts: a subgraph that hangs until its timeout must not hold up every other operation.
   * @default 1000
   */
  holdMs?: number;
}

/**
 * Runs at most `limit` operations at once; the others wait in arrival order. A counter, a FIFO
 * of resolvers and a timer per operation: p-limit has the first two (not the hold limit), and
 * its current majors are ESM-only with an async-context hook per call.
 *
 * Why bound it: on `bench:gateway` (50 connections) every in-flight operation holds its parsed
 * subgraph answers and merged result across its fetch waves, so with 50 interleaved most young
 * objects survive a scavenge and are promoted, to die soon after in the old generation. With a
 * few at a time each runs nearly start to finish and its garbage dies young (docs/performance.md).
 */
export class OperationGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly limit: number;
  private readonly holdMs: number;

  constructor({ limit, holdMs = 1000 }: OperationGateOptions) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`OperationGate: expected a limit that is an integer >= 1, received ${limit}`);
    if (!(holdMs > 0)) throw new RangeError(`OperationGate: expected holdMs > 0, received ${holdMs}`);
    this.limit = limit;
    this.holdMs = holdMs;
  }

  async run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      // Hand the slot straight to the next in line (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    };
    const timer = setTimeout(release, this.holdMs);
    try {
      return await operation();
    } finally {
      clearTimeout(timer);
      release();
    }
  }

  /** Operations holding a slot and waiting for one now. */
  stats(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
