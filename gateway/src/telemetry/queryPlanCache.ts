import type { Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway';
import type { GatewayMetrics } from '@ordergraph/telemetry';

/**
 * Query-plan cache hits and misses. @apollo/gateway exposes no cache counters, but it
 * calls `experimental_didResolveQueryPlan` with the plan for every operation, and its
 * in-memory LRU hands back the very object it stored: a plan seen before is a hit, a new
 * object was just planned (a miss). The WeakSet lets evicted plans be collected.
 */
type QueryPlan = Parameters<Experimental_DidResolveQueryPlanCallback>[0]['queryPlan'];

export function countQueryPlanCache(metrics: GatewayMetrics): Experimental_DidResolveQueryPlanCallback {
  const seen = new WeakSet<QueryPlan>();
  return ({ queryPlan }) => {
    const hit = seen.has(queryPlan);
    if (!hit) seen.add(queryPlan);
    metrics.countPlan(hit);
  };
}
