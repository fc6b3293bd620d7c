import { ApolloServer } from '@apollo/server';
import { createRateLimiter, type createFormatError } from '@ordergraph/http';
import type { GatewayTelemetry } from '@ordergraph/telemetry';
import type { Redis } from 'ioredis';
import { RedisKeyValueCache } from './cache/RedisKeyValueCache.js';
import type { GatewayConfig } from './config.js';
import type { GatewayContext } from './context.js';
import type { FederationGateway } from './federationGateway.js';
import { IncrementalDeliveryGateway } from './incremental/IncrementalDeliveryGateway.js';
import { composePlugins } from './plugins/index.js';
import type { SupergraphDirectives } from './security/supergraphDirectives.js';
import { trustedDocumentsCache, type TrustedDocuments } from './security/trustedDocuments.js';
import { limitRules } from './security/validationRules.js';

export interface GatewayApolloServerOptions {
  config: GatewayConfig;
  gateway: FederationGateway;
  telemetry: GatewayTelemetry;
  redis: Redis | null;
  trustedDocuments: TrustedDocuments | null;
  formatError: ReturnType<typeof createFormatError>;
  /** The current supergraph's authorization directives (they change on reload). */
  directives: () => SupergraphDirectives | null;
}

/** Apollo Server over the federation engine: limits, persisted queries, and our plugins in order. */
export function createGatewayApolloServer({ config, gateway, telemetry, redis, trustedDocuments, formatError, directives }: GatewayApolloServerOptions): ApolloServer<GatewayContext> {
  const { limits } = config;
  return new ApolloServer<GatewayContext>({
    // `@defer` in parts for clients that accept incremental delivery (multipart transport).
    gateway: new IncrementalDeliveryGateway(gateway),
    logger: telemetry.logger,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: config.exposeErrorDetails,
    formatError,
    // No "Did you mean …?" in production: suggestions let anyone map a schema with introspection off.
    hideSchemaDetailsFromClientErrors: !config.exposeErrorDetails,
    csrfPrevention: true,
    allowBatchedHttpRequests: limits.maxBatch > 1,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: limitRules(limits),
    persistedQueries: trustedDocuments
      ? { cache: trustedDocumentsCache(trustedDocuments) }
      : config.apq
        ? { ...(redis ? { cache: new RedisKeyValueCache({ redis, prefix: config.redisKeyPrefix }) } : {}), ttl: config.apqLimits.ttlSeconds }
        : false,
    plugins: composePlugins(config, {
      directives,
      operationLimiter: createRateLimiter({
        redis,
        keyPrefix: `${config.redisKeyPrefix}rl:gateway`,
        points: limits.operationsPerWindow,
        duration: limits.windowSeconds,
      }),
      trustedDocuments,
      telemetry,
      // APQ registrations: bytes per client per window (Apollo Server adds the `apq:` key prefix).
      persistedQueryLimiter:
        config.apq && !trustedDocuments
          ? createRateLimiter({
              redis,
              keyPrefix: `${config.redisKeyPrefix}rl:apq`,
              points: config.apqLimits.clientQuotaBytes,
              duration: config.apqLimits.quotaWindowSeconds,
            })
          : null,
      responseCache: redis ? new RedisKeyValueCache({ redis, prefix: `${config.redisKeyPrefix}response:` }) : undefined,
    }),
  });
}
