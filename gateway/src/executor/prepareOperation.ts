import { operationFromDocument, type Operation, type Schema } from '@apollo/federation-internals';
import type { QueryPlan } from '@apollo/query-planner';
import type { DocumentNode, OperationDefinitionNode, VariableDefinitionNode } from 'graphql';
import { compileShape, type CompiledShape } from './compileShape.js';
import type { MergedFetch } from './mergeEntityFetches.js';
import type { OperationPlanner } from './planners/OperationPlanner.js';
import type { OverrideDecision } from './planners/progressiveOverride.js';

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

/**
 * Plan `definition`, the operation Apollo Server resolved for this request (the one every
 * plugin checked): never one chosen again from the request's `operationName`.
 */
export function prepareOperation(
  apiSchema: Schema,
  planner: OperationPlanner,
  document: DocumentNode,
  definition: OperationDefinitionNode,
  overrides?: OverrideDecision,
): PreparedOperation {
  // A document with an anonymous operation holds only that one (validation), so no name finds it.
  const operation = operationFromDocument(apiSchema, document, { operationName: definition.name?.value });
  const plan = planner.plan(operation, document, definition.name?.value, overrides);
  return { operation, plan, shape: compileShape(operation), definition, variableDefinitions: definition.variableDefinitions ?? [], mergedFetches: new Map() };
}
