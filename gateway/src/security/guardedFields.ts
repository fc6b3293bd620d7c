import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Requirement } from '@ordergraph/core';

/**
 * Every guarded field (schema coordinate → requirement) the operation can reach, following
 * fragments. Conservative: fields under @skip/@include count, whatever the variables say.
 */
export function guardedFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  requirements: ReadonlyMap<string, Requirement>,
): Map<string, Requirement> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const found = new Map<string, Requirement>();
  const visited = new Set<string>();
  const walk = (set: SelectionSetNode, parent: GraphQLNamedType | null | undefined) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) continue;
        const field = parent.getFields()[selection.name.value];
        if (!field) continue;
        const coordinate = `${parent.name}.${field.name}`;
        const req = requirements.get(coordinate);
        if (req) found.set(coordinate, req);
        if (selection.selectionSet) walk(selection.selectionSet, getNamedType(field.type));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || visited.has(fragment.name.value)) continue;
        visited.add(fragment.name.value);
        walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value));
      }
    }
  };
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  walk(operation.selectionSet, root);
  return found;
}
