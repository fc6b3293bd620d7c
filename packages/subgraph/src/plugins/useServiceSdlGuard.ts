import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type SelectionSetNode } from 'graphql';
import { ErrorCode } from '@ordergraph/core';
import { requestMeta } from '../security/requestMeta.js';

/** Whether the root selection reaches `_service`, through fragments and inline fragments too (no recursion). */
function selectsServiceField(document: DocumentNode, root: SelectionSetNode): boolean {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const pending: SelectionSetNode[] = [root];
  const seen = new Set<string>();
  while (pending.length > 0) {
    for (const selection of pending.pop()!.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '_service') return true;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        pending.push(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) pending.push(fragment.selectionSet);
      }
    }
  }
  return false;
}

/**
 * A subgraph's `{ _service { sdl } }` is its whole schema, internal saga operations included:
 * with introspection off (production) it is served only to callers the gateway signed for
 * (the forwarded-identity header, or a service token), like every guarded operation. Anyone
 * else reaching the subgraph gets FORBIDDEN (403) before execution.
 */
export function useServiceSdlGuard<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, contextValue }) {
          if (!operation || operation.operation !== 'query' || requestMeta(contextValue).fromGateway) return;
          if (!selectsServiceField(document, operation.selectionSet)) return;
          throw new GraphQLError('This service describes its schema to the gateway only.', {
            extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } },
          });
        },
      };
    },
  };
}
