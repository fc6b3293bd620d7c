import {
  Kind,
  visit,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

/** One `@defer`red fragment: what the client gets later, at each object under `parentPath`. */
export interface DeferredFragment {
  label?: string;
  /** Response keys from the root to the object the fragment applies to (lists are walked through). */
  parentPath: readonly string[];
  /** The fragment's selections, nested `@defer`s removed (delivered with it). */
  selectionSet: SelectionSetNode;
}

export interface SplitOperation {
  /** The operation without its deferred fragments: the first part. */
  initial: DocumentNode;
  /** Only the deferred fragments and the fields that lead to them: the later part. */
  deferred: DocumentNode;
  fragments: DeferredFragment[];
}

/**
 * Split a query that uses `@defer` into two operations the gateway's executor runs as they are:
 * the initial one (deferred fragments left out) and one that fetches only the deferred fragments
 * and the path to them. The planner cannot plan `@defer` itself yet (Apollo's DeferNode is not
 * executed by our executor), so this is the spec's allowed fallback, done around the executor.
 * @returns null when nothing is deferred (no `@defer`, all `if: false`, or not a query).
 */
export function splitDeferred(document: DocumentNode, operationName: string | undefined | null, variables: Record<string, unknown> = {}): SplitOperation | null {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (!operation || operation.operation !== 'query') return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const isDeferred = (s: SelectionNode): boolean => s.kind === Kind.INLINE_FRAGMENT && deferIsActive(s.directives, variables);

  const inlined = inlineFragments(operation.selectionSet, fragments);
  const found: DeferredFragment[] = [];
  collect(inlined, [], isDeferred, found);
  if (found.length === 0) return null;
  const initial = withoutDeferred(inlined, isDeferred);
  const deferred = onlyDeferred(inlined, isDeferred) ?? typenameOnly();
  return { initial: asDocument(operation, initial), deferred: asDocument(operation, deferred), fragments: found };
}

/** `@defer` with `if` true (the default), literal or from a variable. */
function deferIsActive(directives: readonly DirectiveNode[] | undefined, variables: Record<string, unknown>): boolean {
  const defer = directives?.find((d) => d.name.value === 'defer');
  if (!defer) return false;
  const condition = defer.arguments?.find((a) => a.name.value === 'if')?.value;
  if (!condition) return true;
  if (condition.kind === Kind.BOOLEAN) return condition.value;
  if (condition.kind === Kind.VARIABLE) return variables[condition.name.value] !== false;
  return true;
}

function labelOf(fragment: InlineFragmentNode): string | undefined {
  const label = fragment.directives?.find((d) => d.name.value === 'defer')?.arguments?.find((a) => a.name.value === 'label')?.value;
  return label?.kind === Kind.STRING ? label.value : undefined;
}

/** Named fragments become inline fragments (a spread's `@defer` moves with it), so one walk sees everything. */
function inlineFragments(selectionSet: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): SelectionSetNode {
  const selections = selectionSet.selections.map((s): SelectionNode => {
    if (s.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments.get(s.name.value);
      if (!fragment) return s;
      return { kind: Kind.INLINE_FRAGMENT, typeCondition: fragment.typeCondition, directives: s.directives, selectionSet: inlineFragments(fragment.selectionSet, fragments) };
    }
    if (s.selectionSet) return { ...s, selectionSet: inlineFragments(s.selectionSet, fragments) };
    return s;
  });
  return { ...selectionSet, selections };
}

function collect(selectionSet: SelectionSetNode, path: string[], isDeferred: (s: SelectionNode) => boolean, found: DeferredFragment[]): void {
  for (const s of selectionSet.selections) {
    if (s.kind === Kind.INLINE_FRAGMENT && isDeferred(s)) found.push({ label: labelOf(s), parentPath: path, selectionSet: stripDefer(s.selectionSet) });
    else if (s.kind === Kind.INLINE_FRAGMENT) collect(s.selectionSet, path, isDeferred, found);
    else if (s.kind === Kind.FIELD && s.selectionSet) collect(s.selectionSet, [...path, s.alias?.value ?? s.name.value], isDeferred, found);
  }
}

function withoutDeferred(selectionSet: SelectionSetNode, isDeferred: (s: SelectionNode) => boolean): SelectionSetNode {
  const selections = selectionSet.selections.filter((s) => !isDeferred(s)).map((s) => (s.kind !== Kind.FRAGMENT_SPREAD && s.selectionSet ? { ...s, selectionSet: withoutDeferred(s.selectionSet, isDeferred) } : s));
  // A selection set may not be empty: when everything in it was deferred, ask for the type name.
  return selections.length > 0 ? { ...selectionSet, selections } : typenameOnly();
}

/** The deferred fragments and the fields leading to them; null when none is below. */
function onlyDeferred(selectionSet: SelectionSetNode, isDeferred: (s: SelectionNode) => boolean): SelectionSetNode | null {
  const selections: SelectionNode[] = [];
  for (const s of selectionSet.selections) {
    if (s.kind === Kind.INLINE_FRAGMENT && isDeferred(s)) selections.push({ ...s, directives: s.directives?.filter((d) => d.name.value !== 'defer'), selectionSet: stripDefer(s.selectionSet) });
    else if (s.kind !== Kind.FRAGMENT_SPREAD && s.selectionSet) {
      const below = onlyDeferred(s.selectionSet, isDeferred);
      if (below) selections.push({ ...s, selectionSet: below });
    }
  }
  return selections.length > 0 ? { ...selectionSet, selections } : null;
}

/** Nested `@defer`s inside a deferred fragment are delivered with it (the spec lets a server ignore `@defer`). */
function stripDefer(selectionSet: SelectionSetNode): SelectionSetNode {
  return visit(selectionSet, { Directive: (d) => (d.name.value === 'defer' ? null : undefined) });
}

function typenameOnly(): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }] };
}

/** One operation, with only the variables it still uses (unused ones are a validation error). */
function asDocument(operation: OperationDefinitionNode, selectionSet: SelectionSetNode): DocumentNode {
  const used = new Set<string>();
  visit(selectionSet, { Variable: (v) => void used.add(v.name.value) });
  for (const d of operation.directives ?? []) visit(d, { Variable: (v) => void used.add(v.name.value) });
  const variableDefinitions = operation.variableDefinitions?.filter((v) => used.has(v.variable.name.value));
  return { kind: Kind.DOCUMENT, definitions: [{ ...operation, variableDefinitions, selectionSet }] };
}
