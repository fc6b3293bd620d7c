import { QueryPlanner } from '@graphql-hive/router-query-planner';
import { ErrorCode } from '@ordergraph/core';
import type { Operation } from '@apollo/federation-internals';
import type { QueryPlan } from '@apollo/query-planner';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { graphql } from '../gatewayInternals.js';
import { fromHivePlan, UnsupportedHivePlanError, type UnsupportedHivePlanShape } from './fromHivePlan.js';
import type { OperationPlanner } from './OperationPlanner.js';
import type { OverrideDecision } from './progressiveOverride.js';

const { print, visit, BREAK, GraphQLError, Kind } = graphql;

/**
 * Why an operation went to Apollo's planner: by design (`defer`,
 * `introspection` mixed with data, `typename_only`) or because our executor cannot run the
 * shape of Hive's plan (the rest, see fromHivePlan.ts).
 */
export type PlannerFallbackReason = 'introspection' | 'typename_only' | UnsupportedHivePlanShape;

/** An operation Apollo's planner planned instead of Hive's (told once per plan built, not per request). */
export interface PlannerFallback {
  reason: PlannerFallbackReason;
  /** Hive planned it but our executor cannot run that plan (rather than a routing by design). */
  unsupportedShape: boolean;
  operationName: string | undefined;
  document: DocumentNode;
}

export interface HiveQueryPlannerOptions {
  /** Plans what this planner leaves to Apollo's. */
  fallback: OperationPlanner;
  /** Told of each fallback (metrics, logs). */
  onFallback?: (fallback: PlannerFallback) => void;
}

/**
 * Hive Router's query planner (Rust, @graphql-hive/router-query-planner) behind our executor
 * (`GATEWAY_QUERY_PLANNER=hive`). It plans shapes Apollo's planner gets wrong (a `@requires`
 * whose field arguments differ from the client's, keys that are not resolvable in every
 * subgraph; docs/federation-audit.md), subscriptions included (its plan becomes Apollo's
 * SubscriptionNode, fromHivePlan.ts). `@defer` stays with Apollo's planner,
 * whose SubscriptionNode and deferred splitting the gateway is built on, and so does any plan
 * using a node our executor does not run (fromHivePlan.ts).
 */
export class HiveQueryPlanner implements OperationPlanner {
  private readonly planner: QueryPlanner;
  private readonly fallback: OperationPlanner;
  private readonly onFallback: (fallback: PlannerFallback) => void;

  constructor(supergraphSdl: string, options: HiveQueryPlannerOptions) {
    this.planner = new QueryPlanner(supergraphSdl);
    this.fallback = options.fallback;
    this.onFallback = options.onFallback ?? (() => {});
  }

  plan(operation: Operation, document: DocumentNode, operationName: string | undefined, overrides?: OverrideDecision): QueryPlan {
    const routed = onlyTypename(document, operationName) ? 'typename_only' : leftToApollo(document);
    if (routed) return this.planWithApollo(routed, false, operation, document, operationName, overrides);
    let hivePlan;
    try {
      // Hive's rule for `percent(N)` is the same as ProgressiveOverride's (roll < N); custom labels go in the set.
      hivePlan = this.planner.plan(print(document), operationName ?? null, new Set(overrides?.active), overrides?.percentage ?? 100);
    } catch (error) {
      // Apollo's planner returns an empty plan here (the field then reads null, without an error).
      throw new GraphQLError(`This operation cannot be planned on the current supergraph: ${(error as Error).message}`, {
        extensions: { code: ErrorCode.QUERY_PLANNING_FAILED },
      });
    }
    try {
      return fromHivePlan(hivePlan);
    } catch (error) {
      if (error instanceof UnsupportedHivePlanError) return this.planWithApollo(error.shape, true, operation, document, operationName, overrides);
      throw error;
    }
  }

  private planWithApollo(
    reason: PlannerFallbackReason,
    unsupportedShape: boolean,
    operation: Operation,
    document: DocumentNode,
    operationName: string | undefined,
    overrides: OverrideDecision | undefined,
  ): QueryPlan {
    this.onFallback({ reason, unsupportedShape, operationName, document });
    return this.fallback.plan(operation, document, operationName, overrides);
  }
}

/**
 * `{ __typename }` and nothing else at the root: Apollo's plan is empty (the gateway answers it
 * alone); Hive's fetches it from a subgraph, which fails a gateway's probe while subgraphs are down.
 */
function onlyTypename(document: DocumentNode, operationName: string | undefined): boolean {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  return !!operation && operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value === '__typename');
}

/**
 * `@defer` (deferred splitting is built on Apollo's plans) and introspection mixed with data:
 * Hive's planner refuses `__schema`/`__type` next to subgraph fields, Apollo's plans the data
 * and the gateway answers the introspection part itself.
 */
function leftToApollo(document: DocumentNode): 'defer' | 'introspection' | null {
  let found: 'defer' | 'introspection' | null = null;
  visit(document, {
    Directive(node) {
      if (node.name.value !== 'defer') return undefined;
      found = 'defer';
      return BREAK;
    },
    Field(node) {
      if (node.name.value !== '__schema' && node.name.value !== '__type') return undefined;
      found = 'introspection';
      return BREAK;
    },
  });
  return found;
}
