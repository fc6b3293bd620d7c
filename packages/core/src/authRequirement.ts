import { valueFromASTUntyped, type ConstDirectiveNode, type GraphQLField, type GraphQLNamedType } from 'graphql';
import { forbidden, unauthenticated } from './errors.js';
import { scopesOfIdentity, type Identity } from './identity.js';

// The meaning of @authenticated, @requiresScopes and @policy, shared by the gateway (early
// checks against the supergraph) and every subgraph (the authoritative check).

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
