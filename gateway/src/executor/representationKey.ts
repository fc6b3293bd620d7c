import type { FetchNode, QueryPlanFieldNode, QueryPlanSelectionNode } from '@apollo/query-planner';
import type { GraphQLSchema } from 'graphql';
import { isObjectOfType } from './gatewayInternals.js';

/**
 * Numbers the distinct representations of one entity fetch, without building them: a new one
 * gets the next number (0, 1, 2…), an equal one the number of the first; null when the entity
 * sends none (`selectRepresentation` would give null or an object without `__typename`).
 */
export type RepresentationIndex = (entity: Record<string, any>) => number | null;

const compiled = new WeakMap<FetchNode, (() => RepresentationIndex) | null>();

/**
 * A factory of fresh `RepresentationIndex`es (one per execution of the fetch), or null when the
 * fetch's `requires` is not of the common shape (leaf fields including `__typename`, optionally
 * under one type condition) or it has input rewrites; the executor then keys on
 * `JSON.stringify` of the representation itself. Entity fetches repeat an entity at every
 * position it appears (270 positions, 10 distinct products on `bench:gateway`): building and
 * stringifying a representation per position was the executor's largest cost, and then
 * concatenating a string key per position and hashing it in a Map still was ~6 % of the
 * gateway's CPU; a trie of Maps keyed on the values themselves hashes only strings the
 * subgraph response already holds.
 */
export function representationIndexOf(schema: GraphQLSchema, fetch: FetchNode): (() => RepresentationIndex) | null {
  let index = compiled.get(fetch);
  if (index === undefined) {
    index = compile(schema, fetch);
    compiled.set(fetch, index);
  }
  return index;
}

function compile(schema: GraphQLSchema, fetch: FetchNode): (() => RepresentationIndex) | null {
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
  const last = names.length - 1;
  return () => {
    const root = new Map<unknown, any>();
    /** One token object per distinct JSON of a list or object value, so Map keys compare them by content. */
    let tokens: Map<string, object> | undefined;
    let count = 0;
    // Strings, numbers, booleans and null key the Map as themselves (SameValueZero: 10 and '10'
    // differ, as their JSON does); lists and objects by their JSON, through a token.
    const part = (value: unknown): unknown => {
      if (value === null || typeof value !== 'object') return value;
      const json = JSON.stringify(value);
      tokens ??= new Map();
      let token = tokens.get(json);
      if (!token) tokens.set(json, (token = {}));
      return token;
    };
    return (entity) => {
      if (typeCondition && !isObjectOfType(schema, entity, typeCondition)) return null;
      if (!entity.__typename) return null;
      let level = root;
      for (let i = 0; i < last; i++) {
        const name = names[i]!;
        const value = Object.hasOwn(entity, name) ? entity[name] : undefined;
        if (value === undefined) return null;
        const key = part(value);
        let next = level.get(key);
        if (next === undefined) level.set(key, (next = new Map()));
        level = next;
      }
      const name = names[last]!;
      const value = Object.hasOwn(entity, name) ? entity[name] : undefined;
      if (value === undefined) return null;
      const key = part(value);
      const known = level.get(key);
      if (known !== undefined) return known as number;
      level.set(key, count);
      return count++;
    };
  };
}
