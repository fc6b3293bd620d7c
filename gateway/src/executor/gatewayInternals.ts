// Helpers of @apollo/gateway (pinned at 2.14.4) that its package does not re-export. We reuse
// them rather than copy them, so merging and rewrites stay exactly stock. They are not public
// API: each is checked when this module loads, and a missing one stops the gateway at start-up
// with a message saying what moved and what to do (pin the version, or GATEWAY_EXECUTOR=apollo),
// rather than failing on the first request or silently working differently.
import { createRequire } from 'node:module';
import type { FetchDataRewrite, QueryPlanFieldNode, QueryPlanSelectionNode } from '@apollo/query-planner';
import type { Schema } from '@apollo/federation-internals';
import type { QueryPlanner } from '@apollo/query-planner';
import type { GraphQLDataSource } from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';
import { createRecord } from './createRecord.js';

const require = createRequire(import.meta.url);
/** The @apollo/gateway version these internals were written against. */
export const TESTED_GATEWAY_VERSION = '2.14.4';

/** Why the OrderGraph executor cannot run on the installed @apollo/gateway. */
export class GatewayInternalsError extends Error {
  constructor(what: string) {
    const installed = (require('@apollo/gateway/package.json') as { version: string }).version;
    super(
      `OrderGraph executor: @apollo/gateway ${installed} no longer provides ${what}, which the executor relies on ` +
        `(written against ${TESTED_GATEWAY_VERSION}). Pin @apollo/gateway to ${TESTED_GATEWAY_VERSION}, update gateway/src/executor/gatewayInternals.ts, ` +
        'or set GATEWAY_EXECUTOR=apollo for stock execution.',
    );
    this.name = 'GatewayInternalsError';
  }
}

/** `exports` of `@apollo/gateway/dist/<file>`, each checked to be a function. */
export function dist<T extends Record<string, unknown>>(file: string, exports: Array<keyof T & string>): T {
  let module: Record<string, unknown>;
  try {
    module = require(`@apollo/gateway/dist/${file}`) as Record<string, unknown>;
  } catch {
    throw new GatewayInternalsError(`the module dist/${file}`);
  }
  for (const name of exports) if (typeof module[name] !== 'function') throw new GatewayInternalsError(`${name}() in dist/${file}`);
  return module as T;
}

/**
 * graphql-js as @apollo/gateway (CommonJS) loads it. Its schema objects fail graphql-js's
 * instanceof checks in the ESM copy (dual-package hazard), so execution code that touches
 * the gateway's schemas or errors uses this copy.
 */
export const graphql = require('graphql') as typeof import('graphql');

/**
 * `GraphQLDataSourceRequestKind.INCOMING_OPERATION`: the enum is only a type in the public
 * entry point; its value is part of the data source contract (`kind: 'incoming operation'`).
 */
export const INCOMING_OPERATION = 'incoming operation' as import('@apollo/gateway/dist/datasources/types.js').GraphQLDataSourceRequestKind.INCOMING_OPERATION;

export const { deepMerge } = dist<{ deepMerge(target: any, source: any): any }>('utilities/deepMerge.js', ['deepMerge']);
export const { applyRewrites, isObjectOfType } = dist<{
  applyRewrites(schema: GraphQLSchema, rewrites: FetchDataRewrite[] | undefined, value: Record<string, any>): void;
  isObjectOfType(schema: GraphQLSchema, obj: Record<string, any>, typeCondition: string): boolean;
}>('dataRewrites.js', ['applyRewrites', 'isObjectOfType']);
export const { generateHydratedPaths } = dist<{
  generateHydratedPaths(parent: Array<string | number>, path: Array<string | number>, data: any, result: Array<Array<string | number>>): void;
}>('executeQueryPlan.js', ['generateHydratedPaths']);

/** ApolloGateway's private per-supergraph state (2.14: set before schema listeners run); the executor reuses it rather than build a second planner. */
export interface GatewayState {
  supergraphSchema: GraphQLSchema;
  apiSchema: Schema;
  queryPlanner: QueryPlanner;
  /** The data sources ApolloGateway built with our `buildService`, by subgraph name. */
  dataSources: Record<string, GraphQLDataSource>;
}

export function readGatewayState(gateway: object): GatewayState {
  const g = gateway as { supergraphSchema?: GraphQLSchema; apiSchema?: Schema; queryPlanner?: QueryPlanner; serviceMap?: Record<string, { dataSource?: GraphQLDataSource }> };
  for (const field of ['supergraphSchema', 'apiSchema', 'queryPlanner', 'serviceMap'] as const) {
    if (!g[field]) throw new GatewayInternalsError(`ApolloGateway's private field \`${field}\` when the schema listeners run`);
  }
  const dataSources: Record<string, GraphQLDataSource> = {};
  for (const [name, entry] of Object.entries(g.serviceMap!)) {
    if (!entry.dataSource) throw new GatewayInternalsError(`serviceMap["${name}"].dataSource`);
    dataSources[name] = entry.dataSource;
  }
  return { supergraphSchema: g.supergraphSchema!, apiSchema: g.apiSchema!, queryPlanner: g.queryPlanner!, dataSources };
}

/**
 * The representation of `source` an entity fetch sends (`requires` selected out of it), or
 * null when an input is missing; executeQueryPlan's private `executeSelectionSet`, ported.
 */
export function selectRepresentation(schema: GraphQLSchema, source: Record<string, any> | null, selections: QueryPlanSelectionNode[]): Record<string, any> | null {
  if (source === null) return null;
  const result = createRecord();
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
