// Hive's query planner (@graphql-hive/router-query-planner) answers in its own JSON form of
// Apollo's plan nodes. This turns it into @apollo/query-planner's types so the one executor
// (executePlan.ts, FetchBatcher) runs both planners' plans. Differences handled here:
// - paths are `{ Field }` / `"@"` segments instead of strings;
// - a `requires` field may read one key and send another (`{ name: "_internal_qp_alias_0",
//   alias: "comments" }`: the planner aliased a field whose arguments differ from the client's
//   copy); that becomes Apollo's own KeyRenamer input rewrite;
// - rewrites use `{ TypenameEquals: [..] }` / `{ Key }` instead of `"... on T"` / names;
// - `BatchFetch` (several entity fetches in one call) is split into ordinary fetches: our
//   FetchBatcher merges entity fetches per subgraph itself.
import type * as Hive from '@graphql-hive/router-query-planner';
import type { FetchDataRewrite, FetchNode, PlanNode, QueryPlan, QueryPlanSelectionNode, SubscriptionNode } from '@apollo/query-planner';
import { graphql } from '../gatewayInternals.js';
import { splitBatchFetch } from './splitBatchFetch.js';

const { parse, OperationTypeNode } = graphql;

/** Plan shapes our executor does not run from Hive's plans (the metric label of each fallback). */
export type UnsupportedHivePlanShape = 'subscription' | 'defer' | 'type_conditioned_flatten' | 'requires_fragment_spread' | 'conditional_requires';

/** Why a Hive plan cannot be run by our executor (the caller plans with Apollo's planner instead). */
export class UnsupportedHivePlanError extends Error {
  override name = 'UnsupportedHivePlanError';

  constructor(
    readonly shape: UnsupportedHivePlanShape,
    message: string,
  ) {
    super(message);
  }
}

export function fromHivePlan(plan: Hive.QueryPlan): QueryPlan {
  if (!plan.node) return { kind: 'QueryPlan', node: undefined };
  return { kind: 'QueryPlan', node: toSubscription(plan.node) ?? toNode(plan.node) };
}

/**
 * Hive plans a subscription as `Sequence [Subscription { primary }, ...rest]` (or the Subscription
 * alone): Apollo's form is one SubscriptionNode whose `rest` runs on every event, which is what
 * our subscription transport runs (createExecutor.ts).
 */
function toSubscription(node: Hive.PlanNode): SubscriptionNode | null {
  const [first, ...rest] = node.kind === 'Sequence' ? node.nodes : [node];
  if (first?.kind !== 'Subscription') return null;
  const after = rest.map(toNode);
  return {
    kind: 'Subscription',
    primary: toFetch({ ...first.primary, kind: 'Fetch' }),
    rest: after.length === 0 ? undefined : after.length === 1 ? after[0] : { kind: 'Sequence', nodes: after },
  };
}

function toNode(node: Hive.PlanNode): PlanNode {
  switch (node.kind) {
    case 'Fetch':
      return toFetch(node);
    case 'Sequence':
      return { kind: 'Sequence', nodes: node.nodes.map(toNode) };
    case 'Parallel':
      return { kind: 'Parallel', nodes: node.nodes.map(toNode) };
    case 'Flatten':
      return { kind: 'Flatten', path: node.path.map(toPathSegment), node: toNode(node.node) };
    case 'Condition':
      return {
        kind: 'Condition',
        condition: node.condition,
        ifClause: node.ifClause && toNode(node.ifClause),
        elseClause: node.elseClause && toNode(node.elseClause),
      };
    case 'BatchFetch': {
      const fetches = splitBatchFetch(node).flatMap(({ paths, fetch }) =>
        paths.map((path): PlanNode => ({ kind: 'Flatten', path: path.map(toPathSegment), node: toFetch(fetch) })),
      );
      return fetches.length === 1 ? fetches[0]! : { kind: 'Parallel', nodes: fetches };
    }
    case 'Subscription':
      // Only ever first in the plan (toSubscription).
      throw new UnsupportedHivePlanError('subscription', 'a Subscription node inside a plan');
    case 'Defer':
      // Planned by Apollo's planner (HiveQueryPlanner never sends these operations here).
      throw new UnsupportedHivePlanError('defer', 'Defer nodes are planned by Apollo\'s planner');
  }
}

function toPathSegment(segment: Hive.FlattenNodePathSegment): string {
  if (segment === '@') return '@';
  if ('Field' in segment) return segment.Field;
  // Our flattenAt (like stock's) has no type-conditioned path elements.
  throw new UnsupportedHivePlanError('type_conditioned_flatten', `type-conditioned flatten path (${segment.TypeCondition.join(', ')})`);
}

function toFetch(node: Hive.FetchNode): FetchNode {
  const renames: FetchDataRewrite[] = [];
  const requires = node.requires?.map((selection) => toSelection(selection, [], renames));
  const inputRewrites = [...(node.inputRewrites ?? []).flatMap(toRewrite), ...renames];
  const outputRewrites = (node.outputRewrites ?? []).flatMap(toRewrite);
  const document = parse(node.operation);
  return {
    kind: 'Fetch',
    serviceName: node.serviceName,
    variableUsages: node.variableUsages ?? [],
    requires,
    operation: node.operation,
    operationName: node.operationName,
    operationKind: node.operationKind === 'mutation' ? OperationTypeNode.MUTATION : node.operationKind === 'subscription' ? OperationTypeNode.SUBSCRIPTION : OperationTypeNode.QUERY,
    operationDocumentNode: document,
    inputRewrites: inputRewrites.length > 0 ? inputRewrites : undefined,
    outputRewrites: outputRewrites.length > 0 ? outputRewrites : undefined,
  } as FetchNode;
}

/** `at` is the rewrite path of `selection`'s parent; a field read under one key and sent under another adds a KeyRenamer to `renames`. */
function toSelection(selection: Hive.RequiresSelection, at: string[], renames: FetchDataRewrite[]): QueryPlanSelectionNode {
  switch (selection.kind) {
    case 'Field': {
      const path = [...at, selection.name];
      // Nested renames first: their paths go through this field's name before it changes.
      const selections = selection.selections?.map((s) => toSelection(s, path, renames));
      if (selection.alias && selection.alias !== selection.name) {
        renames.push({ kind: 'KeyRenamer', path, renameKeyTo: selection.alias });
      }
      return { kind: 'Field', name: selection.name, selections };
    }
    case 'InlineFragment':
      if (selection.skipIf || selection.includeIf) throw new UnsupportedHivePlanError('conditional_requires', 'conditional requires');
      return {
        kind: 'InlineFragment',
        typeCondition: selection.typeCondition,
        selections: selection.selections.map((s) => toSelection(s, [...at, `... on ${selection.typeCondition}`], renames)),
      };
    case 'FragmentSpread':
      throw new UnsupportedHivePlanError('requires_fragment_spread', 'fragment spreads in requires');
  }
}

function toRewrite(rewrite: Hive.FetchRewrite): FetchDataRewrite[] {
  const setter = 'ValueSetter' in rewrite ? rewrite.ValueSetter : 'KeyRenamer' in rewrite ? undefined : rewrite;
  const renamer = 'KeyRenamer' in rewrite ? rewrite.KeyRenamer : undefined;
  const hivePath = (setter ?? renamer)!.path;
  return expandPath(hivePath).map((path) =>
    setter ? { kind: 'ValueSetter', path, setValueTo: setter.setValueTo } : { kind: 'KeyRenamer', path, renameKeyTo: renamer!.renameKeyTo },
  );
}

/** Apollo's rewrite paths name one type per `... on T`: a segment naming several types gives one path per type. */
function expandPath(path: Hive.FetchNodePathSegment[]): string[][] {
  let paths: string[][] = [[]];
  for (const segment of path) {
    const options = 'Key' in segment ? [segment.Key] : segment.TypenameEquals.map((type) => `... on ${type}`);
    paths = paths.flatMap((prefix) => options.map((option) => [...prefix, option]));
  }
  return paths;
}
