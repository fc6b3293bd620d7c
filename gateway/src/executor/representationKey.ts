import type { FetchNode, QueryPlanFieldNode, QueryPlanSelectionNode } from '@apollo/query-planner';
import type { GraphQLSchema } from 'graphql';
import { isObjectOfType } from './gatewayInternals.js';

/**
 * Says which representation an entity would send, without building it: equal keys for equal
 * representations, null when the entity sends none (`selectRepresentation` would give null or
 * an object without `__typename`).
 */
export type RepresentationKey = (entity: Record<string, any>) => string | null;

const compiled = new WeakMap<FetchNode, RepresentationKey | null>();

/**
 * The key function of an entity fetch, or null when its `requires` is not of the common shape
 * (leaf fields including `__typename`, optionally under one type condition) or it has input
 * rewrites; the executor then keys on `JSON.stringify` of the representation itself. Entity
 * fetches repeat an entity at every position it appears (270 positions, 10 distinct products
 * on `bench:gateway`): building and stringifying a representation per position was the
 * executor's largest cost.
 */
export function representationKeyOf(schema: GraphQLSchema, fetch: FetchNode): RepresentationKey | null {
  let key = compiled.get(fetch);
  if (key === undefined) {
    key = compile(schema, fetch);
    compiled.set(fetch, key);
  }
  return key;
}

function compile(schema: GraphQLSchema, fetch: FetchNode): RepresentationKey | null {
  if (!fetch.requires || (fetch.inputRewrites?.length ?? 0) > 0) return null;
  let selections: QueryPlanSelectionNode[] = fetch.requires;
  let typeCondition: string | undefined;
  if (selections.length === 1 && selections[0]!.kind === 'InlineFragment') {
    typeCondition = selections[0]!.typeCondition;
    if (!typeCondition) return null;
    selections = selections[0]!.selections;
  }
  if (!selections.every((s) => s.kind === 'Field' && !(s as QueryPlanFieldNode).selections)) return null;
  const names = (selections as QueryPlanFieldNode[]).map((field) => field.alias ?? field.name);
  if (!names.includes('__typename')) return null;
  return (entity) => {
    if (typeCondition && !isObjectOfType(schema, entity, typeCondition)) return null;
    if (!entity.__typename) return null;
    let key = '';
    for (const name of names) {
      const value = Object.hasOwn(entity, name) ? entity[name] : undefined;
      if (value === undefined) return null;
      // A string is length-prefixed; anything else is JSON between U+0001, which JSON.stringify
      // always escapes: no two different value lists give the same key.
      key += typeof value === 'string' ? `${value.length}:${value}` : `\u0001${JSON.stringify(value)}\u0001`;
    }
    return key;
  };
}
