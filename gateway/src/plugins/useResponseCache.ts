import type { ApolloServerPlugin } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { ErrorsAreMissesCache, InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import { RedisKeyValueCache } from '../cache/RedisKeyValueCache.js';
import type { GatewayContext } from '../context.js';

export interface ResponseCacheOptions {
  /** Share the cache between gateway processes in Redis; in this process's memory when unset. @default undefined */
  redisUrl?: string;
}

/**
 * Whole-response cache for PUBLIC data (GATEWAY_RESPONSE_CACHE, off by default). What may be
 * cached and for how long comes from the subgraphs' @cacheControl hints, which reach the
 * gateway as `cache-control` headers and restrict the operation's cache policy: one field
 * without a hint (orders, payments, customers) makes the whole response uncacheable.
 * PRIVATE data is never cached (no session id is configured).
 */
export function useResponseCache({ redisUrl }: ResponseCacheOptions = {}): ApolloServerPlugin<GatewayContext> {
  const redis = redisUrl ? new RedisKeyValueCache({ url: redisUrl, prefix: 'ordergraph:response:' }) : null;
  const cache: KeyValueCache = redis ? new ErrorsAreMissesCache(redis) : new InMemoryLRUCache();
  const plugin = responseCachePlugin<GatewayContext>({
    cache,
    // A response delivered in parts (@defer) is only its first part here: never store it as the whole.
    shouldWriteToCache: async ({ contextValue }) => !contextValue.incremental?.subsequent,
  });
  return {
    ...plugin,
    async serverWillStart(service) {
      await redis?.ready(2000);
      const listener = await plugin.serverWillStart?.(service);
      return {
        ...listener,
        async serverWillStop() {
          await listener?.serverWillStop?.();
          await redis?.close();
        },
      };
    },
  };
}
