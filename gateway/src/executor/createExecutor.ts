import type { GraphQLDataSource } from '@apollo/gateway';
import type { Schema } from '@apollo/federation-internals';
import type { GatewayExecutionResult, GatewayExecutor, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { PlanNode, SubscriptionNode } from '@apollo/query-planner';
import { ErrorCode } from '@ordergraph/core';
import type { GatewayContext } from '../context.js';
import type { PlannedSubscription } from '../subscriptions/types.js';
import type { FieldNode, GraphQLSchema } from 'graphql';
import { executePlanNode, rootCursor, type PlanExecution } from './executePlan.js';
import { FetchBatcher } from './FetchBatcher.js';
import { graphql, INCOMING_OPERATION } from './gatewayInternals.js';
import type { OperationCache } from './OperationCache.js';
import type { OperationGate } from './OperationGate.js';
import { prepareOperation, type PreparedOperation } from './prepareOperation.js';
import type { OperationPlanner } from './planners/OperationPlanner.js';
import type { ProgressiveOverride } from './planners/progressiveOverride.js';
import { shapeResponse } from './shapeResponse.js';

const { executeSync, getVariableValues, GraphQLError, Kind, OperationTypeNode } = graphql;

export interface ExecutorParts {
  supergraphSchema: GraphQLSchema;
  apiSchema: Schema;
  /** Apollo's planner, or Hive's (planners/). */
  planner: OperationPlanner;
  dataSources: Record<string, GraphQLDataSource>;
  cache: OperationCache<PreparedOperation>;
  /** The supergraph's progressive `@override` labels, decided per request (null: it has none). */
  overrides?: ProgressiveOverride | null;
  /** Merge entity fetches per subgraph, level by level (FetchBatcher). @default true */
  batchEntityFetches?: boolean;
  /** Told after each operation (or subscription event) how many subgraph calls it made. */
  onExecuted?: (stats: { subgraphCalls: number }) => void;
  /**
   * Bounds the queries executing at once. Mutations are not counted (their answers are small, and
   * the orders subgraph commits concurrent ones together), nor are subscription events.
   * @default null (no bound)
   */
  gate?: OperationGate | null;
}

/**
 * The gateway's executor: the same query plans and results as @apollo/gateway, with the plan,
 * the parsed operation and the compiled result shape cached per query hash, and no
 * per-request trace objects.
 */
export function createExecutor(parts: ExecutorParts): GatewayExecutor {
  const { supergraphSchema, apiSchema, planner, dataSources, cache, overrides, onExecuted, batchEntityFetches = true, gate = null } = parts;
  return async (requestContext) => {
    const { request, document, queryHash, schema, operation } = requestContext;
    // Apollo Server resolved the operation once; the plugins checked that one, so that one runs.
    if (!operation) return { errors: [unresolvedOperation()] };
    const name = operation.name?.value;
    // With progressive @override, one plan per operation and set of labels in force.
    const decision = overrides?.decide();
    const key = (name ? `${queryHash}\u0000${name}` : queryHash) + (decision ? `\u0000${decision.key}` : '');
    let prepared: PreparedOperation;
    try {
      prepared = cache.getOrCreate(key, () => prepareOperation(apiSchema, planner, document, operation, decision));
    } catch (error) {
      // Validated already, so unexpected; report it as stock does rather than crash.
      if (error instanceof GraphQLError) return { errors: [error] };
      throw error;
    }
    if (prepared.variableDefinitions.length > 0) {
      const { errors } = getVariableValues(schema, prepared.variableDefinitions, request.variables ?? {});
      if (errors) return { errors };
    }
    const node = prepared.plan.node;
    if (node?.kind === 'Subscription') return planSubscription(requestContext, node, decision?.key ?? '', (data, context) => resolve({ ...requestContext, context }, prepared, node.rest, data));
    if (gate && operation.operation === OperationTypeNode.QUERY) return gate.run(() => resolve(requestContext, prepared, node, Object.create(null)));
    return resolve(requestContext, prepared, node, Object.create(null));
  };

  /** Run `node` of the plan from `input` (the root data so far) and shape the client's result. */
  async function resolve(requestContext: GatewayGraphQLRequestContext, prepared: PreparedOperation, node: PlanNode | undefined, input: Record<string, any>): Promise<GatewayExecutionResult> {
    const { request, schema } = requestContext;
    const batcher = new FetchBatcher((serviceName, operation) => {
      const dataSource = dataSources[serviceName];
      if (!dataSource) return Promise.reject(new Error(`Couldn't find service with name "${serviceName}"`));
      return dataSource.process({
        kind: INCOMING_OPERATION,
        request: { query: operation.query, variables: operation.variables, operationName: operation.operationName },
        incomingRequestContext: requestContext,
        context: requestContext.context,
        document: operation.document,
      });
    }, prepared.mergedFetches, batchEntityFetches);
    const run: PlanExecution = { batcher, requestContext, operation: prepared.operation, supergraphSchema, errors: [] };
    if (node) await executePlanNode(run, node, rootCursor(input));
    onExecuted?.({ subgraphCalls: batcher.calls });
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
  }
}

/**
 * A subscription's plan: the primary fetch opens an upstream subscription on the subgraph that
 * owns the root field; every event it delivers then runs `rest` (the other subgraphs' fields).
 * Execution happens on the WebSocket transport, which asked for the plan through the context.
 */
function planSubscription(
  requestContext: GatewayGraphQLRequestContext,
  node: SubscriptionNode,
  /** The @override labels its plan was made with: clients share an upstream subscription only when their plans are the same. */
  overridesKey: string,
  resolveEvent: PlannedSubscription['resolveEvent'],
): GatewayExecutionResult {
  const slot = (requestContext.context as Partial<GatewayContext>).subscription;
  if (!slot) {
    return {
      errors: [
        new GraphQLError('Subscriptions are served over WebSocket (graphql-transport-ws protocol) at this same URL, or as Server-Sent Events (Accept: text/event-stream).', {
          extensions: { code: ErrorCode.SUBSCRIPTIONS_NOT_SUPPORTED_OVER_HTTP, http: { status: 400 } },
        }),
      ],
    };
  }
  const provided = requestContext.request.variables ?? {};
  const variables: Record<string, unknown> = {};
  for (const name of node.primary.variableUsages ?? []) if (Object.hasOwn(provided, name)) variables[name] = provided[name];
  slot.planned = {
    primary: node.primary,
    variables,
    operationKey: `${requestContext.queryHash}\u0000${requestContext.operation.name?.value ?? ''}\u0000${stableJson(provided)}\u0000${overridesKey}`,
    resolveEvent,
  };
  return {};
}

/** Unreachable behind useOperationResolution, which refuses the request first; kept so execution never guesses. */
function unresolvedOperation() {
  return new GraphQLError('The document and operationName do not select exactly one operation.', {
    extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } },
  });
}

/** JSON with object keys sorted, so equal variables give equal keys. */
function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
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
