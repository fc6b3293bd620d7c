import type { ApolloServerPlugin } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { GatewayContext } from '../context.js';

export interface ResponseCacheOptions {
  /** Where responses are kept: Redis (shared by all gateway processes, under REDIS_KEY_PREFIX). @default this process's memory */
  cache?: KeyValueCache<string>;
}

/**
 * Whole-response cache for PUBLIC data (GATEWAY_RESPONSE_CACHE, off by default). What may be
 * cached and for how long comes from the subgraphs' @cacheControl hints, which reach the
 * gateway as `cache-control` headers and restrict the operation's cache policy: one field
 * without a hint (orders, payments, customers) makes the whole response uncacheable.
 * PRIVATE data is never cached (no session id is configured).
 */
export function useResponseCache({ cache = new InMemoryLRUCache() }: ResponseCacheOptions = {}): ApolloServerPlugin<GatewayContext> {
  return responseCachePlugin<GatewayContext>({
    cache,
    // A response delivered in parts (@defer) is only its first part here: never store it as the whole.
    shouldWriteToCache: async ({ contextValue }) => !contextValue.incremental?.subsequent,
  });
}
