import type { GatewayExecutor } from '@apollo/server-gateway-interface';

interface Generation<T> {
  dataSources: ReadonlySet<T>;
  inFlight: number;
  retired: boolean;
}

/**
 * The data sources of each supergraph, so that the ones a supergraph update replaced (a subgraph
 * moved to another URL) are closed (their undici pools released) once the last request still
 * running on the old supergraph has finished, never under it.
 */
export class DataSourceGenerations<T extends { close?: () => Promise<void> }> {
  private current: Generation<T> | null = null;
  private readonly live = new Set<Generation<T>>();

  /** A new supergraph's executor and data sources: counts its requests; retires the previous generation. */
  track(executor: GatewayExecutor, dataSources: readonly T[]): GatewayExecutor {
    const generation: Generation<T> = { dataSources: new Set(dataSources), inFlight: 0, retired: false };
    const previous = this.current;
    this.current = generation;
    this.live.add(generation);
    if (previous) {
      previous.retired = true;
      this.release(previous);
    }
    return async (requestContext) => {
      generation.inFlight++;
      try {
        return await executor(requestContext);
      } finally {
        generation.inFlight--;
        if (generation.retired) this.release(generation);
      }
    };
  }

  /** On stop: close every data source. */
  async closeAll(): Promise<void> {
    const all = new Set<T>();
    for (const g of this.live) for (const d of g.dataSources) all.add(d);
    this.live.clear();
    this.current = null;
    await Promise.allSettled([...all].map((d) => d.close?.()));
  }

  private release(generation: Generation<T>): void {
    if (generation.inFlight > 0 || !this.live.has(generation)) return;
    this.live.delete(generation);
    const stillUsed = new Set<T>();
    for (const g of this.live) for (const d of g.dataSources) stillUsed.add(d);
    for (const d of generation.dataSources) if (!stillUsed.has(d)) void d.close?.().catch(() => undefined);
  }
}
