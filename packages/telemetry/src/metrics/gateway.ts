import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS } from './registry.js';

export type FetchFailure = 'network' | 'timeout' | 'http_4xx' | 'http_5xx';

/** What only the gateway sees: subgraph fetches and query planning. */
export class GatewayMetrics {
  private readonly fetchDuration: Histogram<'subgraph' | 'outcome'>;
  private readonly fetchErrors: Counter<'subgraph' | 'reason'>;
  private readonly subgraphErrors: Counter<'subgraph' | 'code'>;
  private readonly planCache: Counter<'result'>;
  private readonly supergraph: Gauge<'hash'>;
  private readonly supergraphReloads: Counter<'result'>;
  private readonly deduplicated: Counter<'subgraph'>;
  private readonly callsPerOperation: Histogram;
  private readonly plannerFallbacks: Counter<'planner' | 'reason'>;

  constructor(registry: Registry) {
    this.fetchDuration = new Histogram({
      name: 'subgraph_fetch_duration_seconds',
      help: 'HTTP fetches from the gateway to a subgraph, by subgraph and outcome (ok or error).',
      labelNames: ['subgraph', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    this.fetchErrors = new Counter({
      name: 'subgraph_fetch_errors_total',
      help: 'Failed subgraph fetches by subgraph and reason (network, timeout, http_4xx, http_5xx).',
      labelNames: ['subgraph', 'reason'],
      registers: [registry],
    });
    this.subgraphErrors = new Counter({
      name: 'subgraph_graphql_errors_total',
      help: 'GraphQL errors returned by a subgraph, by subgraph and extensions.code.',
      labelNames: ['subgraph', 'code'],
      registers: [registry],
    });
    this.deduplicated = new Counter({
      name: 'subgraph_fetches_deduplicated_total',
      help: 'Subgraph queries that joined an identical in-flight query of the same caller instead of being sent (GATEWAY_DEDUP_SUBGRAPH_REQUESTS).',
      labelNames: ['subgraph'],
      registers: [registry],
    });
    this.callsPerOperation = new Histogram({
      name: 'gateway_subgraph_calls_per_operation',
      help: 'Subgraph HTTP calls one operation needed (entity fetches batched), OrderGraph executor.',
      buckets: [0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64],
      registers: [registry],
    });
    this.plannerFallbacks = new Counter({
      name: 'gateway_query_planner_fallback_total',
      help:
        'Operations planned by another planner than the configured one (counted per plan built, not per request), by the planner that planned them and reason: defer, introspection, typename_only (by design) or the Hive plan shape our executor does not run (type_conditioned_flatten, requires_fragment_spread, conditional_requires, subscription).',
      labelNames: ['planner', 'reason'],
      registers: [registry],
    });
    const self = this;
    this.planCache = new Counter({
      name: 'query_plan_cache_total',
      help: 'Query plan lookups by result: hit (plan reused) or miss (planned anew).',
      labelNames: ['result'],
      registers: [registry],
      collect() {
        self.collectPlanCache();
      },
    });
    this.supergraph = new Gauge({
      name: 'supergraph_info',
      help: 'The supergraph being served: 1 for its sha256 hash (label hash).',
      labelNames: ['hash'],
      registers: [registry],
    });
    this.supergraphReloads = new Counter({
      name: 'supergraph_reloads_total',
      help: 'Supergraph reloads by result: success, invalid (refused; the old one keeps serving) or unreachable (SUPERGRAPH_URL poll failed).',
      labelNames: ['result'],
      registers: [registry],
    });
    for (const result of ['success', 'invalid', 'unreachable']) this.supergraphReloads.inc({ result }, 0);
    // Zero series up front so rate() and hit ratios exist before the first miss.
    this.planCache.inc({ result: 'hit' }, 0);
    this.planCache.inc({ result: 'miss' }, 0);
  }

  /** @param subgraph a name from the supergraph (a closed set) */
  observeFetch(subgraph: string, seconds: number, failure: FetchFailure | null): void {
    this.fetchDuration.observe({ subgraph, outcome: failure ? 'error' : 'ok' }, seconds);
    if (failure) this.fetchErrors.inc({ subgraph, reason: failure });
  }

  /** @param code an already bounded error code label */
  countSubgraphError(subgraph: string, code: string): void {
    this.subgraphErrors.inc({ subgraph, code });
  }

  /** A supergraph is served: the first one, or a reload (counted as a success). */
  supergraphLoaded(hash: string, reload: boolean): void {
    this.supergraph.reset();
    this.supergraph.set({ hash }, 1);
    if (reload) this.supergraphReloads.inc({ result: 'success' });
  }

  supergraphReloadFailed(reason: 'invalid' | 'unreachable'): void {
    this.supergraphReloads.inc({ result: reason });
  }

  /** @param subgraph a name from the supergraph (a closed set) */
  countDeduplicated(subgraph: string): void {
    this.deduplicated.inc({ subgraph });
  }

  observeSubgraphCalls(calls: number): void {
    this.callsPerOperation.observe(calls);
  }

  /** @param reason a closed set (PlannerFallbackReason in the gateway) */
  countPlannerFallback(planner: string, reason: string): void {
    this.plannerFallbacks.inc({ planner, reason });
  }

  countPlan(hit: boolean): void {
    this.planCache.inc({ result: hit ? 'hit' : 'miss' });
  }

  private planCacheReader: (() => { hits: number; misses: number } | null) | null = null;
  private planCacheSeen = { hits: 0, misses: 0 };

  /**
   * Take plan-cache counts from a cache that keeps its own (the OrderGraph executor's
   * operation cache), read at scrape time. A cache rebuilt on a schema change starts again
   * from zero; its counts are then added as they are.
   */
  readPlanCache(read: () => { hits: number; misses: number } | null): void {
    this.planCacheReader = read;
  }

  private collectPlanCache(): void {
    const stats = this.planCacheReader?.();
    if (!stats) return;
    const seen = this.planCacheSeen;
    const hits = stats.hits >= seen.hits ? stats.hits - seen.hits : stats.hits;
    const misses = stats.misses >= seen.misses ? stats.misses - seen.misses : stats.misses;
    if (hits > 0) this.planCache.inc({ result: 'hit' }, hits);
    if (misses > 0) this.planCache.inc({ result: 'miss' }, misses);
    this.planCacheSeen = { hits: stats.hits, misses: stats.misses };
  }
}
