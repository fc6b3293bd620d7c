import type { Operation } from '@apollo/federation-internals';
import type { QueryPlan, QueryPlanner } from '@apollo/query-planner';
import type { DocumentNode } from 'graphql';

/** Plans one operation of a validated document into @apollo/query-planner's plan types. */
export interface OperationPlanner {
  /** @param operation `document`'s operation (named `operationName`), read against the API schema */
  plan(operation: Operation, document: DocumentNode, operationName: string | undefined): QueryPlan;
}

/** Apollo's query planner, the one ApolloGateway built for the current supergraph (the default). */
export function apolloPlanner(queryPlanner: QueryPlanner): OperationPlanner {
  return { plan: (operation) => queryPlanner.buildQueryPlan(operation) };
}
