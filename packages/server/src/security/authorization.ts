import {
  defaultFieldResolver,
  isObjectType,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { forbidden, scopesOfIdentity, unauthenticated, type Identity } from '@ordergraph/core';
import { requestMeta } from './requestMeta.js';

/** A named policy (`@policy`): may the caller resolve this field on this parent with these args? */
export type PolicyFn = (input: { identity: Identity | null; parent: unknown; args: Record<string, unknown>; context: unknown }) => boolean | Promise<boolean>;

/**
 * What one field demands. Each `scopes`/`policies` entry is one directive that applies (the
 * field's and its type's must all pass), holding an OR-list of AND-lists as in Apollo's.
 */
export interface Requirement {
  authenticated: boolean;
  scopes: string[][][];
  policies: string[][][];
}

const argOf = (node: ConstDirectiveNode, name: string): string[][] => {
  const arg = node.arguments?.find((a) => a.name.value === name);
  return arg ? (valueFromASTUntyped(arg.value) as string[][]) : [];
};

/** Merge the directives on a type or field definition (and its extensions) into `into`. */
export function collectRequirement(nodes: ReadonlyArray<{ directives?: readonly ConstDirectiveNode[] } | null | undefined>, into: Requirement): Requirement {
  for (const node of nodes) {
    for (const directive of node?.directives ?? []) {
      const name = directive.name.value;
      if (name === 'authenticated') into.authenticated = true;
      if (name === 'requiresScopes') into.scopes.push(argOf(directive, 'scopes'));
      if (name === 'policy') into.policies.push(argOf(directive, 'policies'));
    }
  }
  return into;
}

/** Every directive in `groups` has at least one AND-list for which `held` is true. */
export function satisfies(groups: string[][][], held: (all: string[]) => boolean): boolean {
  return groups.every((alternatives) => alternatives.some(held));
}

export const requirementOf = (type: GraphQLNamedType, field: GraphQLField<unknown, unknown>): Requirement =>
  collectRequirement([type.astNode, ...(type.extensionASTNodes ?? []), field.astNode], { authenticated: false, scopes: [], policies: [] });

/** Throws UNAUTHENTICATED/FORBIDDEN unless the identity meets the identity-only part of `req`. */
export function checkIdentity(req: Requirement, identity: Identity | null, what: string): void {
  // Policies decide about anonymous callers themselves; the other two need a caller.
  if ((req.authenticated || req.scopes.length > 0) && !identity) {
    throw unauthenticated(`Sign in to use ${what}.`);
  }
  if (identity && req.scopes.length > 0) {
    const held = new Set(scopesOfIdentity(identity));
    if (!satisfies(req.scopes, (all) => all.every((s) => held.has(s)))) throw forbidden(`You are not allowed to use ${what}.`);
  }
}

type ResolveReference = (reference: unknown, context: unknown, info: unknown) => unknown;

/**
 * A guarded entity type is guarded when `_entities` resolves it too, so an anonymous
 * caller learns nothing (not even whether the id exists) before the field checks.
 */
function guardEntityResolution(type: GraphQLObjectType): void {
  const req = collectRequirement([type.astNode, ...type.extensionASTNodes], { authenticated: false, scopes: [], policies: [] });
  if (!req.authenticated && req.scopes.length === 0) return;
  // Where @apollo/subgraph keeps __resolveReference.
  const subgraph = (type.extensions as { apollo?: { subgraph?: { resolveReference?: ResolveReference } } }).apollo?.subgraph;
  const resolveReference = subgraph?.resolveReference;
  if (!subgraph || !resolveReference) return;
  subgraph.resolveReference = (reference, context, info) => {
    checkIdentity(req, requestMeta(context).identity, type.name);
    return resolveReference(reference, context, info);
  };
}

/**
 * Enforce @authenticated, @requiresScopes and @policy in a subgraph by wrapping the
 * resolvers of every field they guard (on the field or on its type), in place. This is
 * the authoritative check: it runs wherever the request came from. Unknown policy names
 * fail at start-up, never at request time.
 */
export function applyAuthorization(schema: GraphQLSchema, policies: Record<string, PolicyFn> = {}): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    guardEntityResolution(type);
    for (const field of Object.values(type.getFields())) {
      const req = requirementOf(type, field);
      if (!req.authenticated && req.scopes.length === 0 && req.policies.length === 0) continue;
      for (const group of req.policies) {
        for (const name of group.flat()) {
          if (!policies[name]) throw new Error(`@policy "${name}" on ${type.name}.${field.name} has no implementation in this subgraph.`);
        }
      }
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      const what = `${type.name}.${field.name}`;
      field.resolve = req.policies.length === 0
        ? (parent, args, context, info) => {
            checkIdentity(req, requestMeta(context).identity, what);
            return resolve(parent, args, context, info);
          }
        : async (parent, args, context, info) => {
            const { identity } = requestMeta(context);
            checkIdentity(req, identity, what);
            const input = { identity, parent, args, context };
            for (const group of req.policies) {
              let passed = false;
              for (const names of group) {
                if ((await Promise.all(names.map((n) => (policies[n] as PolicyFn)(input)))).every(Boolean)) {
                  passed = true;
                  break;
                }
              }
              if (!passed) throw forbidden(`You are not allowed to use ${what}.`);
            }
            return resolve(parent, args, context, info);
          };
    }
  }
  return schema;
}
