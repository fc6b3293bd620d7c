import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { appError, ErrorCode, servedPageSize } from '@ordergraph/core';
import { isArgumentCoercionError } from '@ordergraph/http';
import type { GatewayContext } from '../context.js';
import type { ListSize, SupergraphDirectives } from '../security/supergraphDirectives.js';

export interface UseCostLimitOptions {
  directives: () => SupergraphDirectives | null;
  /** Largest estimated cost accepted per operation. */
  maxCost: number;
  /** Size assumed for a list without @listSize or a slicing argument. */
  defaultListSize: number;
}

const MUTATION_COST = 10;
/** Variable sets remembered per operation, and the longest one remembered. */
const MAX_VARIANTS = 32;
const MAX_CACHED_VARIABLES = 512;

const isList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);

/**
 * Apollo-style demand control: objects cost 1, leaves 0, mutations 10, unless @cost says
 * otherwise; a list costs its size times each element, the size being what is served for its
 * slicing argument (`first`; see listSizeOf), else its @listSize(assumedSize), else the default list size. For a Relay
 * connection (`sizedFields: ["edges"]`) the whole selection under it is multiplied (so
 * `pageInfo` too: a slight over-estimate) and `edges` does not multiply again.
 */
export function costEstimator(schema: GraphQLSchema, directives: SupergraphDirectives, defaultListSize: number): ComplexityEstimator {
  const mutationType = schema.getMutationType()?.name;
  // `ProductConnection.edges` is sized by its parent's `first`: it must not multiply again.
  const sizedByParent = new Set<string>();
  for (const [coordinate, listSize] of directives.listSizes) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    const type = schema.getType(typeName);
    const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
    if (field) for (const sized of listSize.sizedFields) sizedByParent.add(`${getNamedType(field.type).name}.${sized}`);
  }
  return ({ type, field, args, childComplexity }) => {
    if (field.name.startsWith('__') || type.name.startsWith('__')) return 0;
    const coordinate = `${type.name}.${field.name}`;
    const named = getNamedType(field.type);
    let base = directives.costs.get(coordinate) ?? directives.costs.get(named.name) ?? (isCompositeType(named) ? 1 : 0);
    if (type.name === mutationType) base = Math.max(base, MUTATION_COST);
    const listSize = directives.listSizes.get(coordinate);
    const list = isList(field.type);
    if (listSize) {
      const size = listSizeOf(listSize, args, defaultListSize);
      // A list holds `size` elements; a connection object is one, holding `size` edges.
      return list ? size * (base + childComplexity) : base + size * childComplexity;
    }
    if (list && !sizedByParent.has(coordinate)) return defaultListSize * (base + childComplexity);
    return base + childComplexity;
  };
}

/**
 * The number of items a sized list is costed at: what the subgraphs serve. A slicing argument
 * given as a number is that size (never below 0: a negative `first` is refused by the subgraph,
 * and must not offset the cost of the operation's other fields); null or absent is the page
 * size the subgraphs serve then (`servedPageSize`, the one source both sides use).
 */
export function listSizeOf(listSize: ListSize, args: Record<string, unknown>, defaultListSize: number): number {
  if (listSize.slicingArguments.length === 0) return listSize.assumedSize ?? defaultListSize;
  const given = listSize.slicingArguments.map((a) => args[a]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return given.length > 0 ? Math.max(0, ...given) : servedPageSize(null);
}

/** The cache key of an operation's variables, or null when they are too large (or too deep) to key. */
function variablesKey(operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): string | null {
  if (!operation.variableDefinitions?.length) return '';
  try {
    const key = JSON.stringify(variables ?? {});
    return key.length <= MAX_CACHED_VARIABLES ? key : null;
  } catch {
    // JSON.stringify recurses: a deeply nested value overflows the stack. Not cached; estimated below.
    return null;
  }
}

/** Refuses operations whose estimated cost is over budget, before any subgraph is called. */
export function useCostLimit({ directives, maxCost, defaultListSize }: UseCostLimitOptions): ApolloServerPlugin<GatewayContext> {
  // Estimates per parsed operation, keyed by its variables (operations without any always
  // cost the same); a few variants per operation are kept, enough for repeat traffic.
  const estimates = new WeakMap<OperationDefinitionNode, { source: SupergraphDirectives; byVariables: Map<string, number> }>();
  // One estimator per (API schema, directives) pair: both change only on a supergraph update.
  let estimator: { schema: GraphQLSchema; source: SupergraphDirectives; estimate: ComplexityEstimator } | null = null;
  const estimatorFor = (schema: GraphQLSchema, source: SupergraphDirectives) => {
    if (estimator?.schema !== schema || estimator.source !== source) {
      estimator = { schema, source, estimate: costEstimator(schema, source, defaultListSize) };
    }
    return estimator.estimate;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          const current = directives();
          if (!current || !operation) return;
          let entry = estimates.get(operation);
          if (!entry || entry.source !== current) {
            entry = { source: current, byVariables: new Map() };
            estimates.set(operation, entry);
          }
          const key = variablesKey(operation, request.variables);
          let cost = key !== null ? entry.byVariables.get(key) : undefined;
          if (cost === undefined) {
            try {
              cost = getComplexity({
                schema,
                query: document,
                operationName: operation.name?.value,
                variables: request.variables ?? {},
                estimators: [estimatorFor(schema, current)],
              });
            } catch (error) {
              // Variables that don't coerce: execution refuses them with BAD_USER_INPUT before any
              // subgraph call. Anything else (a stack overflow on absurdly nested input, which the
              // input-depth check refuses earlier) is refused here as too large to estimate.
              // The walk itself recurses only as deep as the selection, which the depth rule bounds.
              if (error instanceof Error && !(error instanceof RangeError) && error.message.startsWith('Variable "$')) return;
              // An argument only execution checks (a null sent for a defaulted variable in a
              // non-null argument): the request is wrong, and no subgraph needs to hear of it.
              if (isArgumentCoercionError(error)) throw appError(ErrorCode.BAD_USER_INPUT, (error as Error).message, { httpStatus: 400 });
              cost = Number.POSITIVE_INFINITY;
            }
            if (key !== null) {
              if (entry.byVariables.size >= MAX_VARIANTS) entry.byVariables.clear();
              entry.byVariables.set(key, cost);
            }
          }
          if (cost > maxCost) {
            const shown = Number.isFinite(cost) ? String(cost) : 'too large to estimate';
            throw appError(ErrorCode.COST_ESTIMATED_TOO_EXPENSIVE, `The operation's estimated cost is ${shown}; the limit is ${maxCost}. Request fewer items (smaller "first") or fewer fields.`, {
              details: { cost: Number.isFinite(cost) ? cost : null, maxCost, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
