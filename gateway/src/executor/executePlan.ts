import { evaluateCondition, type FetchNode, type PlanNode, type ResponsePath, type SubscriptionNode } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { Operation } from '@apollo/federation-internals';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import type { FetchBatcher } from './FetchBatcher.js';
import { deepMerge } from './deepMerge.js';
import { applyRewrites, selectRepresentation } from './gatewayInternals.js';
import { representationIndexOf } from './representationKey.js';
import { downstreamServiceError, errorPathGenerator } from './errors.js';

type ResultMap = Record<string, any>;

/** A position in the result: the path to it and the (flattened) objects it points at. */
interface Cursor {
  path: ResponsePath;
  data: ResultMap | ResultMap[];
  fullResult: ResultMap;
}

export interface PlanExecution {
  requestContext: GatewayGraphQLRequestContext;
  /** Sends the fetches, in waves, merged per subgraph (see FetchBatcher). */
  batcher: FetchBatcher;
  operation: Operation;
  supergraphSchema: GraphQLSchema;
  errors: GraphQLError[];
}

/**
 * Walk a query plan as @apollo/gateway's executeQueryPlan does (same fetches, merges,
 * rewrites and error paths), minus per-node tracing objects and spans: our tracing is
 * OpenTelemetry around the HTTP calls.
 */
export async function executePlanNode(run: PlanExecution, node: PlanNode | SubscriptionNode, cursor: Cursor | undefined): Promise<void> {
  if (!cursor) return;
  if (node.kind === 'Subscription') throw new Error('Execution of subscriptions not supported by gateway');
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executePlanNode(run, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executePlanNode(run, child, cursor)));
      return;
    case 'Flatten':
      return executePlanNode(run, node.node, moveInto(cursor, node.path));
    case 'Fetch':
      try {
        await executeFetch(run, node, cursor);
      } catch (error) {
        run.errors.push(error as GraphQLError);
      }
      return;
    case 'Condition': {
      const branch = evaluateCondition(node, run.operation.variableDefinitions, run.requestContext.request.variables)
        ? node.ifClause
        : node.elseClause;
      if (branch) await executePlanNode(run, branch, cursor);
      return;
    }
    case 'Defer':
      throw new Error('@defer is not supported by the gateway');
  }
}

export function rootCursor(data: ResultMap): Cursor {
  return { path: [], data, fullResult: data };
}

async function executeFetch(run: PlanExecution, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const entities: ResultMap[] = [];
  if (!Array.isArray(cursor.data)) entities.push(cursor.data);
  else for (const entity of cursor.data) if (entity != null) entities.push(entity);
  if (entities.length === 0) return;
  const provided = run.requestContext.request.variables;
  const variables: Record<string, any> = Object.create(null);
  for (const name of fetch.variableUsages ?? []) {
    if (provided && Object.hasOwn(provided, name) && provided[name] !== undefined) variables[name] = provided[name];
  }
  if (!fetch.requires) {
    const received = await send(run, fetch, cursor, variables);
    if (received) applyRewrites(run.supergraphSchema, fetch.outputRewrites, received);
    for (const entity of entities) deepMerge(entity, received);
    return;
  }
  // Identical representations (the same product under many reviews) are sent once: smaller
  // subgraph calls and responses. Each answer is merged into every entity that asked for it,
  // so those entities share the answer's sub-objects (the data is the same).
  const representations: ResultMap[] = [];
  const targets: ResultMap[][] = [];
  /** Per representation sent, the position among all representations of its first occurrence (stock's error index). */
  const firstIndex: number[] = [];
  /** The fallback's numbering: the JSON of each representation. */
  const byKey = new Map<string, number>();
  let occurrences = 0;
  const indexOf = representationIndexOf(run.supergraphSchema, fetch)?.();
  for (const entity of entities) {
    let representation: ResultMap | null = null;
    let index: number | null;
    if (indexOf) {
      index = indexOf(entity);
      if (index === null) continue;
    } else {
      representation = selectRepresentation(run.supergraphSchema, entity, fetch.requires!);
      if (!representation || !representation.__typename) continue;
      applyRewrites(run.supergraphSchema, fetch.inputRewrites, representation);
      const key = JSON.stringify(representation);
      index = byKey.get(key) ?? representations.length;
      if (index === representations.length) byKey.set(key, index);
    }
    if (index === representations.length) {
      representations.push(representation ?? selectRepresentation(run.supergraphSchema, entity, fetch.requires!)!);
      targets.push([entity]);
      firstIndex.push(occurrences);
    } else {
      targets[index]!.push(entity);
    }
    occurrences += 1;
  }
  if (representations.length === 0) return;
  if ('representations' in variables) throw new Error('Variables cannot contain key "representations"');
  const received = await send(run, fetch, cursor, { ...variables, representations }, firstIndex);
  if (!received) return;
  const list = received._entities;
  if (!Array.isArray(list)) throw new Error('Expected "data._entities" in response to be an array');
  if (list.length !== representations.length) throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  for (let i = 0; i < list.length; i++) {
    const entity = list[i];
    const same = targets[i]!;
    if (entity && !entity.__typename) entity.__typename = same[0]!.__typename;
    applyRewrites(run.supergraphSchema, fetch.outputRewrites, entity);
    for (const target of same) deepMerge(target, entity);
  }
}

/** @param firstIndex for entity fetches: per representation sent, the index an error path would have had without deduplication */
async function send(run: PlanExecution, fetch: FetchNode, cursor: Cursor, variables: Record<string, any>, firstIndex?: number[]) {
  const response = await run.batcher.fetch(fetch, variables);
  if (response.errors) {
    const pathOf = errorPathGenerator(fetch, cursor);
    for (const error of response.errors) {
      const index = error.path?.[1];
      const original = firstIndex && typeof index === 'number' ? { ...error, path: [error.path![0]!, firstIndex[index] ?? index, ...error.path!.slice(2)] } : error;
      run.errors.push(downstreamServiceError(original, fetch.serviceName, pathOf));
    }
  }
  return response.data as ResultMap | null | undefined;
}

function moveInto(cursor: Cursor, path: ResponsePath): Cursor | undefined {
  const first = path.indexOf('@');
  const head = valueAt(cursor.data, first === -1 ? path : path.slice(0, first));
  if (first === -1 || head == null) return head ? { path: cursor.path.concat(path), data: head, fullResult: cursor.fullResult } : undefined;
  // Every object the path reaches, pushed into one array (stock's flatMap at each `@` copied
  // the list once per level; the benchmark query's deepest fetches reach 270 entities).
  const found: ResultMap[] = [];
  for (const element of head as any[]) collectAt(element, path, first + 1, found);
  return { path: cursor.path.concat(path), data: found, fullResult: cursor.fullResult };
}

function valueAt(value: any, path: ResponsePath): any {
  for (const head of path) {
    if (value == null) return value;
    if (Array.isArray(value)) throw new Error(`Unexpected array in result for path element ${String(head)}`);
    value = Object.hasOwn(value, head as string) ? value[head as string] : undefined;
  }
  return value;
}

/** Pushes what stock's `flattenAt(value, path, from)` contributes to its parent's flatMap: null positions included, a list spread. */
function collectAt(value: any, path: ResponsePath, from: number, found: any[]): void {
  for (let i = from; i < path.length; i++) {
    if (value == null) break;
    const head = path[i];
    if (head === '@') {
      for (const element of value as any[]) collectAt(element, path, i + 1, found);
      return;
    }
    if (Array.isArray(value)) throw new Error(`Unexpected array in result for path element ${String(head)}`);
    value = Object.hasOwn(value, head as string) ? value[head as string] : undefined;
  }
  if (Array.isArray(value)) for (const element of value) found.push(element);
  else found.push(value);
}
