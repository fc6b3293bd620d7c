import { operationFromDocument, type Operation, type Schema } from '@apollo/federation-internals';
import type { QueryPlan, QueryPlanner } from '@apollo/query-planner';
import type { DocumentNode, OperationDefinitionNode, VariableDefinitionNode } from 'graphql';
import { compileShape, type CompiledShape } from './compileShape.js';
import type { MergedFetch } from './mergeEntityFetches.js';

/** Everything about an operation that does not depend on the request's variables. */
export interface PreparedOperation {
  operation: Operation;
  plan: QueryPlan;
  /** How to turn the fetched data into the response (see shapeResponse.ts). */
  shape: CompiledShape;
  definition: OperationDefinitionNode;
  variableDefinitions: readonly VariableDefinitionNode[];
  /** Entity fetches of this plan merged into one operation, by the fetches they combine (FetchBatcher). */
  mergedFetches: Map<string, MergedFetch>;
}

export function prepareOperation(
  apiSchema: Schema,
  planner: QueryPlanner,
  document: DocumentNode,
  operationName: string | undefined,
): PreparedOperation {
  const operation = operationFromDocument(apiSchema, document, { operationName });
  const plan = planner.buildQueryPlan(operation);
  const definition = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && (operationName ? d.name?.value === operationName : true),
  );
  if (!definition) throw new Error(`No operation named ${JSON.stringify(operationName)} in the document`);
  return { operation, plan, shape: compileShape(operation), definition, variableDefinitions: definition.variableDefinitions ?? [], mergedFetches: new Map() };
}
