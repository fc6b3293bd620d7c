import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { visit, BREAK, type DocumentNode } from 'graphql';

/** Whether a subgraph's type definitions put `@cacheControl` on anything. */
export function usesCacheControl(typeDefs: DocumentNode): boolean {
  let found = false;
  visit(typeDefs, {
    Directive(node) {
      if (node.name.value === 'cacheControl') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * What Apollo Server's cache-control plugin answers for a schema without `@cacheControl`
 * (every field at the default max-age 0): `cache-control: no-store` on every response, which
 * the gateway reads as "not cacheable". Set here instead so that schemas without hints skip
 * the plugin's `willResolveField` hook, which it runs on every resolved field.
 * A header a resolver or plugin set that is not a plain cache policy is left alone, as Apollo's does.
 */
export function useUncacheableHeader<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  const policy = /^(max-age=\d+, (public|private)|no-store)$/;
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const existing = response.http.headers.get('cache-control');
          if (existing === undefined || policy.test(existing)) response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}
