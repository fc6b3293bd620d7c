import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { BREAK, Kind, visit, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '@ordergraph/core';

const KEY = 'idempotencyKey';
/** Inputs are shallow (CreateOrderInput); a bound keeps the walk cheap on hostile variables. */
const MAX_DEPTH = 8;

function keyInValue(value: unknown, depth = 0): string | undefined {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return undefined;
  const own = (value as Record<string, unknown>)[KEY];
  if (typeof own === 'string') return own;
  for (const nested of Object.values(value)) {
    const found = keyInValue(nested, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function keyInDocument(document: DocumentNode): string | undefined {
  let found: string | undefined;
  visit(document, {
    ObjectField(node) {
      if (node.name.value !== KEY || node.value.kind !== Kind.STRING) return undefined;
      found = node.value.value;
      return BREAK;
    },
  });
  return found;
}

/**
 * When a dependency is out (SERVICE_UNAVAILABLE), the client must know whether to retry and
 * how: the error already says `retryable: true` (createFormatError); this adds the
 * `idempotencyKey` the request carried, so "retry with this key" is explicit and a retried
 * createOrder returns the order the first attempt may have placed instead of a second one.
 */
export function useRetryHints<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, request, document }) {
          if (response.body.kind !== 'single') return;
          const { singleResult } = response.body;
          const errors = singleResult.errors as GraphQLFormattedError[] | undefined;
          if (!errors?.some((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) return;
          const key = keyInValue(request.variables) ?? (document ? keyInDocument(document) : undefined);
          if (!key) return;
          singleResult.errors = errors.map((e) =>
            e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE ? { ...e, extensions: { ...e.extensions, [KEY]: key } } : e,
          );
        },
      };
    },
  };
}
