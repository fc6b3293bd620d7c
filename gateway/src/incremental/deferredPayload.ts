import { Kind, type GraphQLFormattedError, type SelectionNode, type SelectionSetNode } from 'graphql';
import type { DeferredFragment } from './splitDeferred.js';

type Path = Array<string | number>;

/** One item of `incremental` (deferSpec=20220824): a deferred fragment's data at one path. */
export interface IncrementalItem {
  data: Record<string, unknown> | null;
  path: Path;
  label?: string;
  errors?: GraphQLFormattedError[];
}

/**
 * The later part: for each deferred fragment, every object it applies to in the initial data
 * (lists walked through, nulls skipped), filled from the deferred operation's result. Errors go
 * to the item whose path they fall under; any left go to the first item.
 */
export function deferredItems(
  fragments: readonly DeferredFragment[],
  initialData: Record<string, unknown>,
  deferred: { data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] },
): IncrementalItem[] {
  const items: IncrementalItem[] = [];
  for (const fragment of fragments) {
    for (const path of concretePaths(initialData, fragment.parentPath)) {
      const source = valueAt(deferred.data, path);
      const data = source && typeof source === 'object' ? (project(source, fragment.selectionSet) as Record<string, unknown>) : null;
      items.push({ data, path, ...(fragment.label !== undefined ? { label: fragment.label } : {}) });
    }
  }
  const unplaced: GraphQLFormattedError[] = [];
  for (const error of deferred.errors ?? []) {
    const item = error.path ? items.find((i) => i.path.every((key, n) => error.path![n] === key)) : undefined;
    if (item) (item.errors ??= []).push(error);
    else unplaced.push(error);
  }
  if (unplaced.length > 0 && items[0]) (items[0].errors ??= []).push(...unplaced);
  return items;
}

/** Every concrete path (with list indexes) to a non-null object along `keys`. */
function concretePaths(data: unknown, keys: readonly string[], prefix: Path = []): Path[] {
  if (data === null || data === undefined) return [];
  if (Array.isArray(data)) return data.flatMap((item, index) => concretePaths(item, keys, [...prefix, index]));
  if (keys.length === 0) return typeof data === 'object' ? [prefix] : [];
  const [key, ...rest] = keys as [string, ...string[]];
  return concretePaths((data as Record<string, unknown>)[key], rest, [...prefix, key]);
}

function valueAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/**
 * The fields of `selectionSet` present in `value`. Type conditions are not checked: a field that
 * is in the result belongs to the object's type, and one shared with the initial part is equal.
 */
function project(value: unknown, selectionSet: SelectionSetNode): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => project(item, selectionSet));
  const source = value as Record<string, unknown>;
  // A key selected more than once (directly and in fragments) gets all its sub-selections merged.
  const byKey = new Map<string, SelectionNode[] | null>();
  const group = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) group(s.selectionSet);
      else if (s.kind === Kind.FIELD) {
        const key = s.alias?.value ?? s.name.value;
        if (!s.selectionSet) byKey.set(key, byKey.get(key) ?? null);
        else byKey.set(key, [...(byKey.get(key) ?? []), ...s.selectionSet.selections]);
      }
    }
  };
  group(selectionSet);
  const out: Record<string, unknown> = {};
  for (const [key, selections] of byKey) {
    if (!(key in source)) continue;
    out[key] = selections ? project(source[key], { kind: Kind.SELECTION_SET, selections }) : source[key];
  }
  return out;
}

