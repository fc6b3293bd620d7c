import type * as Hive from '@graphql-hive/router-query-planner';
import type { FieldNode, OperationDefinitionNode } from 'graphql';
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
  const definition = document.definitions[0] as OperationDefinitionNode;
  if (document.definitions.length !== 1 || definition.kind !== Kind.OPERATION_DEFINITION) throw new Error(`BatchFetch to ${node.serviceName}: expected one operation: ${node.operation}`);
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
    const variableDefinitions = (definition.variableDefinitions ?? []).flatMap((v) => {
      if (v.variable.name.value === alias.representationsVariableName) return [{ ...v, variable: { ...v.variable, name: { ...v.variable.name, value: 'representations' } } }];
      return used.has(v.variable.name.value) ? [v] : [];
    });
    const operation = print({
      kind: Kind.DOCUMENT,
      definitions: [{ ...definition, variableDefinitions, selectionSet: { kind: Kind.SELECTION_SET, selections: [{ ...entities, alias: undefined }] } }],
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
