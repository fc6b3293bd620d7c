import type { ApolloServerPlugin } from '@apollo/server';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '@ordergraph/telemetry';
import type { GatewayContext } from '../context.js';

export interface UsePersistedQueryQuotaOptions {
  /** Largest document (UTF-8 bytes) stored for automatic persisted queries. */
  maxBytes: number;
  /** Counts the bytes each client (customer, else IP) registers per window; its points are the quota. */
  limiter: RateLimiterAbstract;
  logger: Logger;
}

/**
 * Bounds what clients can store through automatic persisted queries (APQ): Apollo Server
 * stores every new document a client sends with a hash, for a day, in the Redis that also
 * holds the rate-limit counters. Token limits do not bound bytes (a comment is no token), so a
 * document over `maxBytes`, or over the client's byte quota for the window, is not stored.
 * It still runs (it passed every check); the client just keeps sending the full text, which
 * is how APQ degrades anyway.
 */
export function usePersistedQueryQuota({ maxBytes, limiter, logger }: UsePersistedQueryQuotaOptions): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ metrics, request, contextValue }) {
          // Set by Apollo Server when this request registers a new hash; read by it after this hook.
          if (!metrics.persistedQueryRegister) return;
          const bytes = Buffer.byteLength(request.query ?? '', 'utf8');
          const client = contextValue.identity ? `customer:${contextValue.identity.customerId}` : `ip:${contextValue.clientIp}`;
          let allowed = bytes <= maxBytes;
          if (allowed) {
            // A store failure fails closed: nothing is stored, and nothing else depends on it.
            allowed = await limiter.consume(client, bytes).then(
              () => true,
              () => false,
            );
          }
          if (allowed) return;
          metrics.persistedQueryRegister = false;
          logger.info({ client, bytes, maxBytes }, 'persisted query not stored: over the size limit or the client quota');
        },
      };
    },
  };
}
