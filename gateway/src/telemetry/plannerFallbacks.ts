import { createHash } from 'node:crypto';
import type { GatewayMetrics, Logger } from '@ordergraph/telemetry';
import type { PlannerFallback } from '../executor/planners/HiveQueryPlanner.js';
import { graphql } from '../executor/gatewayInternals.js';

/** Distinct operations remembered for the once-per-operation warning (then forgotten, oldest first). */
const WARNED_OPERATIONS = 1000;

/**
 * Counts every operation Hive's planner leaves to Apollo's in
 * `gateway_query_planner_fallback_total{planner="apollo",reason}`, and warns once per distinct
 * operation when the reason is a plan shape our executor does not run from Hive's plans (the
 * by-design routings, `@defer`, introspection and a bare `{ __typename }`, are counted only).
 */
export function reportPlannerFallbacks(metrics: GatewayMetrics, logger: Pick<Logger, 'warn'>): (fallback: PlannerFallback) => void {
  const warned = new Set<string>();
  return ({ reason, unsupportedShape, operationName, document }) => {
    metrics.countPlannerFallback('apollo', reason);
    if (!unsupportedShape) return;
    // A hash, not the text: literals in an operation may be personal data.
    const operationHash = createHash('sha256').update(graphql.print(document)).digest('hex').slice(0, 16);
    const key = `${reason}\u0000${operationName ?? ''}\u0000${operationHash}`;
    if (warned.has(key)) return;
    if (warned.size >= WARNED_OPERATIONS) warned.delete(warned.values().next().value!);
    warned.add(key);
    logger.warn({ reason, operationName, operationHash }, "Hive's query plan has a shape our executor does not run: planned with Apollo's planner instead");
  };
}
