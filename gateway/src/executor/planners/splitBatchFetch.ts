import type * as Hive from '@graphql-hive/router-query-planner';
import type { ASTNode, FieldNode, FragmentDefinitionNode, OperationDefinitionNode } from 'graphql';
import { graphql } from '../gatewayInternals.js';

const { parse, print, visit, Kind } = graphql;

/** One `_entities` fetch of a Hive `BatchFetch`, as an ordinary Hive fetch node, with where it applies. */
export interface SplitEntityFetch {
  paths: Hive.FlattenNodePathSegment[][];
  fetch: Hive.FetchNode;
}

/**
 * A Hive `BatchFetch` holds several aliased `_entities` fields in one operation
 * (`_e0: _entities(representations: $__batch_reps_0) {..}`), each with its own requires and
 * paths. Our FetchBatcher already merges the entity fetches of a plan level per subgraph, so
 * each alias becomes a plain entity fetch (its own operation on `$representations`) and the
 * executor runs (and batches) them like any other.
 */
export function splitBatchFetch(node: Hive.BatchFetchNode): SplitEntityFetch[] {
  const document = parse(node.operation);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const definition = operations[0]!;
  if (operations.length !== 1) throw new Error(`BatchFetch to ${node.serviceName}: expected one operation: ${node.operation}`);
  return node.entityBatch.aliases.map((alias) => {
    const field = definition.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.alias?.value === alias.alias);
    if (!field) throw new Error(`BatchFetch to ${node.serviceName}: no field aliased ${alias.alias}: ${node.operation}`);
    const used = new Set<string>();
    const entities = visit(field, {
      Variable(variable) {
        if (variable.name.value !== alias.representationsVariableName) return void used.add(variable.name.value);
        return { ...variable, name: { ...variable.name, value: 'representations' } };
      },
    });
    const spread = usedFragments(field, fragments);
    for (const fragment of spread) visit(fragment, { Variable: (variable) => void used.add(variable.name.value) });
    const variableDefinitions = (definition.variableDefinitions ?? []).flatMap((v) => {
      if (v.variable.name.value === alias.representationsVariableName) return [{ ...v, variable: { ...v.variable, name: { ...v.variable.name, value: 'representations' } } }];
      return used.has(v.variable.name.value) ? [v] : [];
    });
    const operation = print({
      kind: Kind.DOCUMENT,
      definitions: [
        { ...definition, variableDefinitions, selectionSet: { kind: Kind.SELECTION_SET, selections: [{ ...entities, alias: undefined }] } },
        // Only the fragments this field uses: a subgraph refuses a document with an unused one.
        ...spread,
      ],
    });
    const fetch: Hive.FetchNode = {
      kind: 'Fetch',
      serviceName: node.serviceName,
      operationKind: node.operationKind,
      operation,
      variableUsages: (node.variableUsages ?? []).filter((name) => used.has(name)),
      requires: alias.requires,
      inputRewrites: alias.inputRewrites,
      outputRewrites: alias.outputRewrites,
    };
    return { paths: alias.paths, fetch };
  });
}

/** The fragments `root` spreads, directly or through other fragments. */
function usedFragments(root: ASTNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const collect = (node: ASTNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (!fragment || used.has(fragment.name.value)) return;
        used.set(fragment.name.value, fragment);
        collect(fragment);
      },
    });
  collect(root);
  return [...used.values()];
}
