import type { FetchNode } from '@apollo/query-planner';
import type { DocumentNode, FieldNode, FragmentDefinitionNode, OperationDefinitionNode, VariableDefinitionNode } from 'graphql';
import { graphql } from './gatewayInternals.js';

const { Kind, parse, print, visit } = graphql;

/** Several entity fetches to one subgraph as one operation. */
export interface MergedFetch {
  query: string;
  operationName: string | undefined;
  document: DocumentNode;
  /** Per fetch, in order: the alias of its `_entities` field and its representations variable. */
  aliases: string[];
  representations: string[];
}

/**
 * `query A($representations: …) { _entities(representations: $representations) { …A } }` and
 * `query B(…) { _entities(…) { …B } }` become one query with `_0: _entities(representations:
 * $_0_representations) { …A }` and `_1: …`. Each fetch's fragments get its index as a suffix;
 * other variables are the client's own, so fetches that use the same one share it.
 */
export function mergeEntityFetches(fetches: FetchNode[]): MergedFetch {
  const variableDefinitions = new Map<string, VariableDefinitionNode>();
  const selections: FieldNode[] = [];
  const fragments: FragmentDefinitionNode[] = [];
  const aliases: string[] = [];
  const representations: string[] = [];
  fetches.forEach((fetch, i) => {
    const alias = `_${i}`;
    const representationsVariable = `${alias}_representations`;
    aliases.push(alias);
    representations.push(representationsVariable);
    const renamed = visit(fetch.operationDocumentNode ?? parse(fetch.operation), {
      Variable: (node) => (node.name.value === 'representations' ? { ...node, name: { ...node.name, value: representationsVariable } } : undefined),
      FragmentSpread: (node) => ({ ...node, name: { ...node.name, value: `${node.name.value}_${i}` } }),
      FragmentDefinition: (node) => ({ ...node, name: { ...node.name, value: `${node.name.value}_${i}` } }),
    });
    for (const definition of renamed.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        fragments.push(definition);
        continue;
      }
      const operation = definition as OperationDefinitionNode;
      for (const variable of operation.variableDefinitions ?? []) variableDefinitions.set(variable.variable.name.value, variable);
      const entities = operation.selectionSet.selections;
      if (entities.length !== 1 || entities[0]!.kind !== Kind.FIELD || entities[0]!.name.value !== '_entities') {
        throw new Error(`Entity fetch to ${fetch.serviceName} is not a single _entities field: ${fetch.operation}`);
      }
      selections.push({ ...entities[0]!, alias: { kind: Kind.NAME, value: alias } });
    }
  });
  const operationName = fetches[0]!.operationName;
  const operation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: graphql.OperationTypeNode.QUERY,
    ...(operationName ? { name: { kind: Kind.NAME, value: operationName } } : {}),
    variableDefinitions: [...variableDefinitions.values()],
    selectionSet: { kind: Kind.SELECTION_SET, selections },
  };
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
  return { query: print(document), operationName, document, aliases, representations };
}
