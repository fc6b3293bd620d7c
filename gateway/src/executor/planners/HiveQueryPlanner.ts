import { QueryPlanner } from '@graphql-hive/router-query-planner';
import { ErrorCode } from '@ordergraph/core';
import type { Operation } from '@apollo/federation-internals';
import type { QueryPlan } from '@apollo/query-planner';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { graphql } from '../gatewayInternals.js';
import { fromHivePlan, UnsupportedHivePlanError } from './fromHivePlan.js';
import type { OperationPlanner } from './OperationPlanner.js';

const { print, visit, BREAK, GraphQLError, Kind } = graphql;

/**
 * Hive Router's query planner (Rust, @graphql-hive/router-query-planner) behind our executor
 * (`GATEWAY_QUERY_PLANNER=hive`). It plans shapes Apollo's planner gets wrong (a `@requires`
 * whose field arguments differ from the client's, keys that are not resolvable in every
 * subgraph; docs/federation-audit.md). Subscriptions and `@defer` stay with Apollo's planner,
 * whose SubscriptionNode and deferred splitting the gateway is built on, and so does any plan
 * using a node our executor does not run (fromHivePlan.ts).
 */
export class HiveQueryPlanner implements OperationPlanner {
  private readonly planner: QueryPlanner;

  /** @param fallback plans what this planner leaves to Apollo's */
  constructor(supergraphSdl: string, private readonly fallback: OperationPlanner) {
    this.planner = new QueryPlanner(supergraphSdl);
  }

  plan(operation: Operation, document: DocumentNode, operationName: string | undefined): QueryPlan {
    if (operation.rootKind === 'subscription' || onlyTypename(document, operationName) || leftToApollo(document)) {
      return this.fallback.plan(operation, document, operationName);
    }
    let hivePlan;
    try {
      hivePlan = this.planner.plan(print(document), operationName ?? null, new Set(), 0);
    } catch (error) {
      // Apollo's planner returns an empty plan here (the field then reads null, without an error).
      throw new GraphQLError(`This operation cannot be planned on the current supergraph: ${(error as Error).message}`, {
        extensions: { code: ErrorCode.QUERY_PLANNING_FAILED },
      });
    }
    try {
      return fromHivePlan(hivePlan);
    } catch (error) {
      if (error instanceof UnsupportedHivePlanError) return this.fallback.plan(operation, document, operationName);
      throw error;
    }
  }
}

/**
 * `@defer` (deferred splitting is built on Apollo's plans) and introspection mixed with data:
 * Hive's planner refuses `__schema`/`__type` next to subgraph fields, Apollo's plans the data
 * and the gateway answers the introspection part itself.
 */
/**
 * `{ __typename }` and nothing else at the root: Apollo's plan is empty (the gateway answers it
 * alone); Hive's fetches it from a subgraph, which fails a gateway's probe while subgraphs are down.
 */
function onlyTypename(document: DocumentNode, operationName: string | undefined): boolean {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  return !!operation && operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value === '__typename');
}

function leftToApollo(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive(node) {
      if (node.name.value !== 'defer') return undefined;
      found = true;
      return BREAK;
    },
    Field(node) {
      if (node.name.value !== '__schema' && node.name.value !== '__type') return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}
