import { getNamedType, isCompositeType, Kind, type DirectiveNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

/** The `maxAge` of a `@cacheControl` among `directives`, as Apollo's cache-control plugin reads it. */
function maxAgeOf(directives: ReadonlyArray<DirectiveNode> | undefined): number | undefined {
  const directive = directives?.find((d) => d.name.value === 'cacheControl');
  const inherit = directive?.arguments?.find((a) => a.name.value === 'inheritMaxAge');
  if (inherit?.value.kind === Kind.BOOLEAN && inherit.value.value) return undefined;
  const maxAge = directive?.arguments?.find((a) => a.name.value === 'maxAge');
  return maxAge?.value.kind === Kind.INT ? Number.parseInt(maxAge.value.value, 10) : undefined;
}

/**
 * For a schema with `@cacheControl` hints (products): which operations Apollo Server's cache-control
 * plugin always answers with `cache-control: no-store`, so that the lean path may serve them with
 * useUncacheableHeader instead of the plugin's per-field hook.
 *
 * The plugin's policy is the most restrictive over every resolved field, and a root field is
 * always resolved: one whose hint (its own `maxAge`, or its return type's) gives no `maxAge`, or 0,
 * is restricted to the default max-age 0, and the whole response is then uncacheable, whatever the
 * other fields resolve to. `_entities` is such a field unless an entity type carries a `maxAge`
 * (@apollo/subgraph restricts its policy by each representation's type). A root field under
 * `@skip`/`@include` might not run, so it does not count. Dynamic hints (`setCacheHint` in a
 * resolver) are not seen here: no resolver of ours sets one (on the lean path `info.cacheControl`
 * is absent, so one that did would fail its parity test rather than answer a wrong header).
 */
export function createUncacheableOperations(schema: GraphQLSchema): (operation: OperationDefinitionNode) => boolean {
  const hinted = (age: number | undefined) => age !== undefined && age > 0;
  const entityTypes = schema.getType('_Entity');
  const entitiesMayCache =
    entityTypes !== undefined &&
    isCompositeType(entityTypes) &&
    schema.getPossibleTypes(entityTypes as never).some((t) => hinted(maxAgeOf(t.astNode?.directives)) || (t.extensionASTNodes ?? []).some((n) => hinted(maxAgeOf(n.directives))));
  const known = new WeakMap<OperationDefinitionNode, boolean>();
  const uncacheable = (operation: OperationDefinitionNode): boolean => {
    const root = schema.getRootType(operation.operation);
    if (!root) return false;
    const fields = root.getFields();
    return operation.selectionSet.selections.some((selection) => {
      if (selection.kind !== Kind.FIELD || selection.directives?.length) return false;
      const field = fields[selection.name.value];
      if (!field) return false; // __typename: no hint of its own
      if (field.name === '_entities' && entitiesMayCache) return false;
      const target = getNamedType(field.type);
      const typeAge = isCompositeType(target) ? maxAgeOf(target.astNode?.directives) ?? firstExtensionAge(target.extensionASTNodes) : undefined;
      return !hinted(typeAge) && !hinted(maxAgeOf(field.astNode?.directives));
    });
  };
  return (operation) => {
    let answer = known.get(operation);
    if (answer === undefined) known.set(operation, (answer = uncacheable(operation)));
    return answer;
  };
}

function firstExtensionAge(nodes: ReadonlyArray<{ directives?: ReadonlyArray<DirectiveNode> }> | undefined): number | undefined {
  for (const node of nodes ?? []) {
    const age = maxAgeOf(node.directives);
    if (age !== undefined) return age;
  }
  return undefined;
}
