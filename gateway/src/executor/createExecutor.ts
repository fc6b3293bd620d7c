import type { GraphQLDataSource } from '@apollo/gateway';
import type { Schema } from '@apollo/federation-internals';
import type { QueryPlanner } from '@apollo/query-planner';
import type { GatewayExecutor } from '@apollo/server-gateway-interface';
import type { FieldNode, GraphQLSchema } from 'graphql';
import { executePlanNode, rootCursor, type PlanExecution } from './executePlan.js';
import { graphql } from './gatewayInternals.js';
import type { OperationCache } from './OperationCache.js';
import { prepareOperation, type PreparedOperation } from './prepareOperation.js';
import { shapeResponse } from './shapeResponse.js';

const { executeSync, getVariableValues, GraphQLError, Kind, OperationTypeNode } = graphql;

export interface ExecutorParts {
  supergraphSchema: GraphQLSchema;
  apiSchema: Schema;
  planner: QueryPlanner;
  dataSources: Record<string, GraphQLDataSource>;
  cache: OperationCache<PreparedOperation>;
}

/**
 * The gateway's executor: the same query plans and results as @apollo/gateway, with the plan,
 * the parsed operation and the compiled result shape cached per query hash, and no
 * per-request trace objects.
 */
export function createExecutor(parts: ExecutorParts): GatewayExecutor {
  const { supergraphSchema, apiSchema, planner, dataSources, cache } = parts;
  return async (requestContext) => {
    const { request, document, queryHash, schema } = requestContext;
    const key = request.operationName ? `${queryHash}\u0000${request.operationName}` : queryHash;
    let prepared: PreparedOperation;
    try {
      prepared = cache.getOrCreate(key, () => prepareOperation(apiSchema, planner, document, request.operationName));
    } catch (error) {
      // Validated already, so unexpected; report it as stock does rather than crash.
      if (error instanceof GraphQLError) return { errors: [error] };
      throw error;
    }
    if (prepared.variableDefinitions.length > 0) {
      const { errors } = getVariableValues(schema, prepared.variableDefinitions, request.variables ?? {});
      if (errors) return { errors };
    }
    const run: PlanExecution = { dataSources, requestContext, operation: prepared.operation, supergraphSchema, errors: [] };
    const input: Record<string, any> = Object.create(null);
    if (prepared.plan.node) await executePlanNode(run, prepared.plan.node, rootCursor(input));
    try {
      const { data, errors: shapingErrors } = shapeResponse(prepared.shape, request.variables, input, (field) =>
        introspect(schema, field.expandFragments().toSelectionNode(), prepared, request.variables),
      );
      // As stock: shaping errors after fetch errors are consequences, not news; alone they
      // go to extensions.valueCompletion (what clients of the stock gateway rely on).
      if (run.errors.length === 0 && shapingErrors.length > 0) return { data, extensions: { valueCompletion: shapingErrors } };
      return run.errors.length === 0 ? { data } : { errors: run.errors, data };
    } catch (error) {
      return { errors: [error instanceof GraphQLError ? error : new GraphQLError((error as Error).message, { originalError: error as Error })] };
    }
  };
}

/** Introspection fields are answered locally from the API schema, as in stock. */
function introspect(schema: GraphQLSchema, selection: FieldNode, prepared: PreparedOperation, variables: Record<string, any> | undefined) {
  const { data, errors } = executeSync({
    schema,
    document: {
      kind: Kind.DOCUMENT,
      definitions: [
        {
          kind: Kind.OPERATION_DEFINITION,
          operation: OperationTypeNode.QUERY,
          variableDefinitions: prepared.variableDefinitions,
          selectionSet: { kind: Kind.SELECTION_SET, selections: [selection] },
        },
      ],
    },
    rootValue: {},
    variableValues: variables,
  });
  if (errors?.length || !data) throw errors?.[0] ?? new Error('Introspection failed');
  return data[selection.alias?.value ?? selection.name.value];
}
