import type { Operation } from '@apollo/federation-internals';
import type { QueryPlan, QueryPlanner } from '@apollo/query-planner';
import type { DocumentNode } from 'graphql';
import { overrideConditions, type OverrideDecision } from './progressiveOverride.js';

/** Plans one operation of a validated document into @apollo/query-planner's plan types. */
export interface OperationPlanner {
  /**
   * @param operation `document`'s operation (named `operationName`), read against the API schema
   * @param overrides the request's progressive `@override` labels (none: every labelled field stays in its `from` subgraph)
   */
  plan(operation: Operation, document: DocumentNode, operationName: string | undefined, overrides?: OverrideDecision): QueryPlan;
}

/** Apollo's query planner, the one ApolloGateway built for the current supergraph. */
export function apolloPlanner(queryPlanner: QueryPlanner): OperationPlanner {
  return { plan: (operation, _document, _name, overrides) => queryPlanner.buildQueryPlan(operation, overrides ? { overrideConditions: overrideConditions(overrides) } : undefined) };
}
