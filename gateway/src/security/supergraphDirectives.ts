import { Kind, parse, valueFromASTUntyped, type ConstDirectiveNode, type DefinitionNode, type DirectiveNode } from 'graphql';
import { collectRequirement, type Requirement } from '@ordergraph/core';

export interface ListSize {
  assumedSize: number | null;
  slicingArguments: string[];
  /** Child fields the size applies to (Relay `edges`); empty means the field's own list. */
  sizedFields: string[];
  requireOneSlicingArgument: boolean;
}

/**
 * What the supergraph declares beyond types: authorization (our composed @authenticated,
 * @requiresScopes, @policy) and demand control (@cost, @listSize), by schema coordinate.
 * The API schema the gateway executes against has these stripped, so they are read from
 * the supergraph SDL once per schema load.
 */
export interface SupergraphDirectives {
  /** `Type.field` → the merged requirement of the field and its parent type (only guarded fields). */
  requirements: Map<string, Requirement>;
  /** `Type` or `Type.field` → @cost weight. */
  costs: Map<string, number>;
  /** `Type.field` → @listSize. */
  listSizes: Map<string, ListSize>;
}

const argument = (node: ConstDirectiveNode | DirectiveNode, name: string): unknown => {
  const arg = node.arguments?.find((a) => a.name.value === name);
  return arg ? valueFromASTUntyped(arg.value) : undefined;
};

const isFieldContainer = (d: DefinitionNode) =>
  d.kind === Kind.OBJECT_TYPE_DEFINITION ||
  d.kind === Kind.OBJECT_TYPE_EXTENSION ||
  d.kind === Kind.INTERFACE_TYPE_DEFINITION ||
  d.kind === Kind.INTERFACE_TYPE_EXTENSION;

export function readSupergraphDirectives(supergraphSdl: string): SupergraphDirectives {
  const document = parse(supergraphSdl, { noLocation: true });
  const requirements = new Map<string, Requirement>();
  const costs = new Map<string, number>();
  const listSizes = new Map<string, ListSize>();
  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name || !('directives' in definition)) continue;
    const typeName = definition.name.value;
    for (const d of definition.directives ?? []) {
      if (d.name.value === 'cost') costs.set(typeName, Number(argument(d, 'weight')));
    }
    if (!isFieldContainer(definition) || !('fields' in definition)) continue;
    for (const field of definition.fields ?? []) {
      const coordinate = `${typeName}.${field.name.value}`;
      const req = collectRequirement([definition as never, field as never], { authenticated: false, scopes: [], policies: [] });
      if (req.authenticated || req.scopes.length > 0 || req.policies.length > 0) requirements.set(coordinate, req);
      for (const d of field.directives ?? []) {
        if (d.name.value === 'cost') costs.set(coordinate, Number(argument(d, 'weight')));
        if (d.name.value === 'listSize') {
          listSizes.set(coordinate, {
            assumedSize: (argument(d, 'assumedSize') as number | undefined) ?? null,
            slicingArguments: (argument(d, 'slicingArguments') as string[] | undefined) ?? [],
            sizedFields: (argument(d, 'sizedFields') as string[] | undefined) ?? [],
            requireOneSlicingArgument: (argument(d, 'requireOneSlicingArgument') as boolean | undefined) ?? true,
          });
        }
      }
    }
  }
  return { requirements, costs, listSizes };
}
