import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getDirectiveValues,
  getNamedType,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isCompositeType,
  isObjectType,
  Kind,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

type Scope = 'PUBLIC' | 'PRIVATE';
interface Annotation {
  maxAge?: number;
  scope?: Scope;
  inheritMaxAge?: boolean;
}
/** What resolving one field restricts the response's policy to (Apollo's `fieldPolicy` once the field resolved). */
interface FieldHint {
  maxAge?: number;
  scope?: Scope;
}

/** Apollo's cacheAnnotationFromDirectives. */
function annotationOf(directives: ReadonlyArray<DirectiveNode> | undefined): Annotation | undefined {
  const directive = directives?.find((d) => d.name.value === 'cacheControl');
  if (!directive?.arguments) return undefined;
  const arg = (name: string) => directive.arguments!.find((a) => a.name.value === name)?.value;
  const scopeValue = arg('scope');
  const scopeName = scopeValue?.kind === Kind.ENUM ? scopeValue.value : undefined;
  const scope = scopeName === 'PUBLIC' || scopeName === 'PRIVATE' ? scopeName : undefined;
  const inherit = arg('inheritMaxAge');
  if (inherit?.kind === Kind.BOOLEAN && inherit.value) return { inheritMaxAge: true, scope };
  const maxAge = arg('maxAge');
  return { maxAge: maxAge?.kind === Kind.INT ? Number.parseInt(maxAge.value, 10) : undefined, scope };
}

function typeAnnotation(type: GraphQLCompositeType): Annotation {
  const own = annotationOf(type.astNode?.directives);
  if (own) return own;
  for (const node of type.extensionASTNodes ?? []) {
    const hint = annotationOf(node.directives);
    if (hint) return hint;
  }
  return {};
}

/**
 * The hint a field restricts the response's policy to when it resolves, as Apollo Server's
 * cache-control plugin computes it in `willResolveField` (static hints only: no resolver of ours
 * calls `setCacheHint`), the default max-age being 0.
 */
function fieldHint(field: GraphQLField<unknown, unknown>, root: boolean): FieldHint {
  const policy: FieldHint = {};
  const replace = (hint: Annotation) => {
    if (hint.maxAge !== undefined) policy.maxAge = hint.maxAge;
    if (hint.scope !== undefined) policy.scope = hint.scope;
  };
  let inheritMaxAge = false;
  const target = getNamedType(field.type);
  if (isCompositeType(target)) {
    const annotation = typeAnnotation(target);
    replace(annotation);
    inheritMaxAge = !!annotation.inheritMaxAge;
  }
  const annotation = annotationOf(field.astNode?.directives) ?? {};
  if (annotation.inheritMaxAge && policy.maxAge === undefined) {
    inheritMaxAge = true;
    if (annotation.scope) replace({ scope: annotation.scope });
  } else {
    replace(annotation);
  }
  if (policy.maxAge === undefined && ((isCompositeType(target) && !inheritMaxAge) || root)) policy.maxAge = 0;
  return policy;
}

/**
 * The `cache-control` header Apollo Server's cache-control plugin sends, computed after execution
 * from the response's data instead of from a hook on every resolved field: for a schema with
 * `@cacheControl` hints (products), so that its cacheable reads (`products`, `product`) can take the
 * lean path too.
 *
 * Apollo's policy is the most restrictive hint over every field that resolved; it sends `no-store`
 * for a response with errors. A response without errors holds every field that resolved (a field
 * resolves for each object its parent's value holds, and nothing is nulled by an error), so the
 * fields are found by walking the operation's selections over the data: an empty page resolves no
 * `inventory`, whose `maxAge: 5` then does not apply. The walk needs each object's type, so it serves
 * only operations that select no field of an interface or union type (`servable`); `_entities`, a
 * union, is served only when its own hint already makes the response uncacheable
 * (createUncacheableOperations).
 */
export function createCachePolicy(schema: GraphQLSchema) {
  const hints = [new Map<GraphQLField<unknown, unknown>, FieldHint>(), new Map<GraphQLField<unknown, unknown>, FieldHint>()];
  const hintOf = (field: GraphQLField<unknown, unknown>, root: boolean) => {
    const byField = hints[root ? 1 : 0]!;
    let hint = byField.get(field);
    if (!hint) byField.set(field, (hint = fieldHint(field, root)));
    return hint;
  };
  const fragmentsOf = new WeakMap<DocumentNode, Map<string, FragmentDefinitionNode>>();
  const fragments = (document: DocumentNode) => {
    let map = fragmentsOf.get(document);
    if (!map) {
      map = new Map();
      for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) map.set(d.name.value, d);
      fragmentsOf.set(document, map);
    }
    return map;
  };

  const concrete = new WeakMap<OperationDefinitionNode, boolean>();
  /** Whether every composite field the operation selects is of an object type (see above). */
  function servable(operation: OperationDefinitionNode, document: DocumentNode): boolean {
    let known = concrete.get(operation);
    if (known !== undefined) return known;
    const byName = fragments(document);
    const seen = new Set<string>();
    const check = (type: GraphQLObjectType, selectionSet: SelectionSetNode): boolean =>
      selectionSet.selections.every((selection) => {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value === '__typename') return true;
          const field = type.getFields()[selection.name.value];
          if (!field) return false;
          const target = getNamedType(field.type);
          if (isAbstractType(target)) return false;
          return !selection.selectionSet || (isObjectType(target) && check(target, selection.selectionSet));
        }
        const condition = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition : byName.get(selection.name.value)?.typeCondition;
        if (condition && condition.name.value !== type.name) return false;
        if (selection.kind === Kind.INLINE_FRAGMENT) return check(type, selection.selectionSet);
        const fragment = byName.get(selection.name.value);
        if (!fragment) return false;
        if (seen.has(fragment.name.value)) return true;
        seen.add(fragment.name.value);
        return check(type, fragment.selectionSet);
      });
    const root = schema.getRootType(operation.operation);
    known = !!root && check(root, operation.selectionSet);
    concrete.set(operation, known);
    return known;
  }

  /** The overall policy of an error-free response (null: not cacheable). */
  function policyOf(operation: OperationDefinitionNode, document: DocumentNode, data: unknown, variables: Record<string, unknown> | undefined): { maxAge: number; scope: Scope } | null {
    const byName = fragments(document);
    let coerced: Record<string, unknown> | undefined;
    const included = (node: { directives?: ReadonlyArray<DirectiveNode> }) => {
      if (!node.directives?.length) return true;
      coerced ??= getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}).coerced ?? {};
      if (getDirectiveValues(GraphQLSkipDirective, node, coerced)?.if === true) return false;
      return getDirectiveValues(GraphQLIncludeDirective, node, coerced)?.if !== false;
    };
    // graphql-js's collectFields for an object of a known type.
    const collect = (type: GraphQLObjectType, selectionSet: SelectionSetNode, into: Map<string, FieldNode[]>, visited: Set<string>) => {
      for (const selection of selectionSet.selections) {
        if (!included(selection)) continue;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const nodes = into.get(key);
          if (nodes) nodes.push(selection);
          else into.set(key, [selection]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          collect(type, selection.selectionSet, into, visited);
        } else if (!visited.has(selection.name.value)) {
          visited.add(selection.name.value);
          const fragment = byName.get(selection.name.value);
          if (fragment) collect(type, fragment.selectionSet, into, visited);
        }
      }
      return into;
    };
    let maxAge: number | undefined;
    let scope: Scope | undefined;
    // The fields each selection set resolves on an object (its type is fixed: no abstract types),
    // collected once per request rather than once per object of a list.
    interface Step {
      key: string;
      hint: FieldHint;
      target: GraphQLObjectType | null;
      children: SelectionSetNode[];
    }
    const plans = new Map<SelectionSetNode, Step[]>();
    const planOf = (type: GraphQLObjectType, selectionSets: SelectionSetNode[], root: boolean): Step[] => {
      let plan = plans.get(selectionSets[0]!);
      if (plan) return plan;
      const fields = new Map<string, FieldNode[]>();
      const visited = new Set<string>();
      for (const selectionSet of selectionSets) collect(type, selectionSet, fields, visited);
      plan = [];
      for (const [key, nodes] of fields) {
        const name = nodes[0]!.name.value;
        const field = name === '__typename' ? undefined : type.getFields()[name];
        if (!field) continue;
        const target = getNamedType(field.type);
        plan.push({ key, hint: hintOf(field, root), target: isObjectType(target) ? target : null, children: nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : [])) });
      }
      plans.set(selectionSets[0]!, plan);
      return plan;
    };
    const walk = (type: GraphQLObjectType, selectionSets: SelectionSetNode[], value: Record<string, unknown>, root: boolean): boolean => {
      for (const { key, hint, target, children } of planOf(type, selectionSets, root)) {
        if (hint.maxAge !== undefined && (maxAge === undefined || hint.maxAge < maxAge)) maxAge = hint.maxAge;
        if (hint.scope !== undefined && scope !== 'PRIVATE') scope = hint.scope;
        if (maxAge === 0) return false; // uncacheable whatever else resolved
        if (!target || children.length === 0) continue;
        const visit = (v: unknown): boolean => {
          if (v === null || v === undefined) return true;
          if (Array.isArray(v)) return v.every(visit);
          return walk(target, children, v as Record<string, unknown>, false);
        };
        if (!visit(value[key])) return false;
      }
      return true;
    };
    const rootType = schema.getRootType(operation.operation);
    if (!rootType || data === null || typeof data !== 'object') return null;
    if (!walk(rootType, [operation.selectionSet], data as Record<string, unknown>, true)) return null;
    return maxAge === undefined || maxAge === 0 ? null : { maxAge, scope: scope ?? 'PUBLIC' };
  }

  return { servable, policyOf };
}

const CACHEABLE_HEADER = /^max-age=(\d+), (public|private)$/;

/**
 * On the lean path of a schema with `@cacheControl` hints: the header Apollo Server's cache-control
 * plugin sends (its `willSendResponse`), from the policy createCachePolicy computes. A header a
 * resolver set that is not a plain policy is left alone; `no-store` stays; a policy restricts.
 */
export function useComputedCacheHeader<TContext extends BaseContext>(policy: ReturnType<typeof createCachePolicy>): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, operation, document, request }) {
          const existing = response.http.headers.get('cache-control');
          const match = existing ? CACHEABLE_HEADER.exec(existing) : null;
          if (existing && existing !== 'no-store' && !match) return;
          const single = response.body.kind === 'single' ? response.body.singleResult : undefined;
          let computed = !single || single.errors || !operation || !document || existing === 'no-store' ? null : policy.policyOf(operation, document, single.data, request.variables);
          if (computed && match) {
            const scope: Scope = computed.scope === 'PRIVATE' || match[2] === 'private' ? 'PRIVATE' : 'PUBLIC';
            const maxAge = Math.min(computed.maxAge, Number(match[1]));
            computed = maxAge === 0 ? null : { maxAge, scope };
          }
          response.http.headers.set('cache-control', computed ? `max-age=${computed.maxAge}, ${computed.scope.toLowerCase()}` : 'no-store');
        },
      };
    },
  };
}
