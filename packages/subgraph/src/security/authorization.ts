import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { checkIdentity, collectRequirement, forbidden, requirementOf, type Identity } from '@ordergraph/core';
import { requestMeta } from './requestMeta.js';

/** A named policy (`@policy`): may the caller resolve this field on this parent with these args? */
export type PolicyFn = (input: { identity: Identity | null; parent: unknown; args: Record<string, unknown>; context: unknown }) => boolean | Promise<boolean>;

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
