import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { BREAK, visit, type DocumentNode } from 'graphql';
import { appError, ErrorCode } from '@ordergraph/core';

const NUL = '\u0000';

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsNul);
  return false;
}

function literalContainsNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (!node.value.includes(NUL)) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

/**
 * PostgreSQL text cannot hold NUL (U+0000), so a string argument carrying one used to fail deep
 * in Prisma as an internal error. Reject it before execution as bad input, in variables and in
 * literals alike. HTTP 200, as for every subgraph error, so the gateway merges it with its code.
 */
export function useRejectNulCharacters<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  // Per parsed document: Apollo's document store and the lean path's cache hand out the same
  // DocumentNode for the same query text, so its literals are walked once, not per request.
  const literalNul = new WeakMap<DocumentNode, boolean>();
  const documentContainsNul = (document: DocumentNode) => {
    let found = literalNul.get(document);
    if (found === undefined) literalNul.set(document, (found = literalContainsNul(document)));
    return found;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          if (containsNul(request.variables) || documentContainsNul(document)) {
            throw appError(ErrorCode.BAD_USER_INPUT, 'Text arguments must not contain the NUL character (\\u0000).', {
              httpStatus: 200,
            });
          }
        },
      };
    },
  };
}
