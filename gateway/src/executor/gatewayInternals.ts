// Helpers of @apollo/gateway (pinned at 2.14.4) that its package does not re-export. We reuse
// them rather than copy them, so merging, rewrites and result shaping stay exactly stock.
import { createRequire } from 'node:module';
import type { FetchDataRewrite, QueryPlanFieldNode, QueryPlanSelectionNode } from '@apollo/query-planner';
import type { FieldSelection, Operation, Schema } from '@apollo/federation-internals';
import type { QueryPlanner } from '@apollo/query-planner';
import type { GraphQLDataSource } from '@apollo/gateway';
import type { GraphQLError, GraphQLSchema } from 'graphql';

const require = createRequire(import.meta.url);
const dist = (file: string) => require(`@apollo/gateway/dist/${file}`);

/**
 * graphql-js as @apollo/gateway (CommonJS) loads it. Its schema objects fail graphql-js's
 * instanceof checks in the ESM copy (dual-package hazard), so execution code that touches
 * the gateway's schemas or errors uses this copy.
 */
export const graphql = require('graphql') as typeof import('graphql');

/** `GraphQLDataSourceRequestKind.INCOMING_OPERATION` (the enum is not re-exported). */
export const INCOMING_OPERATION = (dist('datasources/types.js') as { GraphQLDataSourceRequestKind: { INCOMING_OPERATION: string } })
  .GraphQLDataSourceRequestKind.INCOMING_OPERATION as import('@apollo/gateway/dist/datasources/types.js').GraphQLDataSourceRequestKind.INCOMING_OPERATION;

export const { deepMerge } = dist('utilities/deepMerge.js') as { deepMerge(target: any, source: any): any };
export const { applyRewrites, isObjectOfType } = dist('dataRewrites.js') as {
  applyRewrites(schema: GraphQLSchema, rewrites: FetchDataRewrite[] | undefined, value: Record<string, any>): void;
  isObjectOfType(schema: GraphQLSchema, obj: Record<string, any>, typeCondition: string): boolean;
};
export const { generateHydratedPaths } = dist('executeQueryPlan.js') as {
  generateHydratedPaths(parent: Array<string | number>, path: Array<string | number>, data: any, result: Array<Array<string | number>>): void;
};
export const { computeResponse } = dist('resultShaping.js') as {
  computeResponse(args: {
    operation: Operation;
    variables?: Record<string, any>;
    input: Record<string, any> | null | undefined;
    introspectionHandling: (selection: FieldSelection) => any;
  }): { data: Record<string, any> | null | undefined; errors: GraphQLError[] };
};

/** ApolloGateway's private per-supergraph state (2.14: set before schema listeners run). */
export interface GatewayState {
  supergraphSchema: GraphQLSchema;
  apiSchema: Schema;
  queryPlanner: QueryPlanner;
  /** The data sources ApolloGateway built with our `buildService`, by subgraph name. */
  dataSources: Record<string, GraphQLDataSource>;
}

export function readGatewayState(gateway: object): GatewayState | null {
  const g = gateway as { supergraphSchema?: GraphQLSchema; apiSchema?: Schema; queryPlanner?: QueryPlanner; serviceMap?: Record<string, { dataSource?: GraphQLDataSource }> };
  if (!g.supergraphSchema || !g.apiSchema || !g.queryPlanner || !g.serviceMap) return null;
  const dataSources: Record<string, GraphQLDataSource> = {};
  for (const [name, entry] of Object.entries(g.serviceMap)) {
    if (!entry.dataSource) return null;
    dataSources[name] = entry.dataSource;
  }
  return { supergraphSchema: g.supergraphSchema, apiSchema: g.apiSchema, queryPlanner: g.queryPlanner, dataSources };
}

/**
 * The representation of `source` an entity fetch sends (`requires` selected out of it), or
 * null when an input is missing; executeQueryPlan's private `executeSelectionSet`, ported.
 */
export function selectRepresentation(schema: GraphQLSchema, source: Record<string, any> | null, selections: QueryPlanSelectionNode[]): Record<string, any> | null {
  if (source === null) return null;
  const result: Record<string, any> = Object.create(null);
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const field = selection as QueryPlanFieldNode;
      const name = field.alias ?? field.name;
      const value = Object.hasOwn(source, name) ? source[name] : undefined;
      // A missing input means the entity could not be fully fetched (an error was recorded then).
      if (value === undefined) return null;
      if (Array.isArray(value)) result[name] = value.map((v) => (field.selections ? selectRepresentation(schema, v, field.selections) : v));
      else result[name] = field.selections ? selectRepresentation(schema, value, field.selections) : value;
    } else if (selection.typeCondition && isObjectOfType(schema, source, selection.typeCondition)) {
      deepMerge(result, selectRepresentation(schema, source, selection.selections));
    }
  }
  return result;
}
