import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type OperationDefinitionNode } from 'graphql';
import { checkIdentity, type Requirement } from '@ordergraph/core';
import type { GatewayContext } from '../context.js';
import { guardedFields } from '../security/guardedFields.js';
import type { SupergraphDirectives } from '../security/supergraphDirectives.js';

export interface UseAuthorizationOptions {
  /** The supergraph's directives; null until the first schema load. */
  directives: () => SupergraphDirectives | null;
}

/**
 * Refuses a whole operation that reaches an @authenticated field anonymously (401) or a
 * @requiresScopes field without the scopes (403), before any subgraph is called. This is
 * the early, cheap check; subgraphs enforce the same directives authoritatively, and
 * @policy (which needs the subgraph's data) only there.
 */
export function useAuthorization({ directives }: UseAuthorizationOptions): ApolloServerPlugin<GatewayContext> {
  // Per parsed operation (Apollo caches parsed documents, so this hits on repeat requests).
  const cache = new WeakMap<OperationDefinitionNode, { source: SupergraphDirectives; guarded: Array<[string, Requirement]> }>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, contextValue }) {
          const current = directives();
          if (!current || !operation || current.requirements.size === 0) return;
          let entry = cache.get(operation);
          if (!entry || entry.source !== current) {
            entry = { source: current, guarded: [...guardedFields(schema, document, operation, current.requirements)] };
            cache.set(operation, entry);
          }
          for (const [coordinate, req] of entry.guarded) {
            try {
              checkIdentity({ ...req, policies: [] }, contextValue.identity, coordinate);
            } catch (error) {
              const e = error as GraphQLError;
              const status = e.extensions.code === 'UNAUTHENTICATED' ? 401 : 403;
              throw new GraphQLError(e.message, { extensions: { ...e.extensions, http: { status } } });
            }
          }
        },
      };
    },
  };
}
