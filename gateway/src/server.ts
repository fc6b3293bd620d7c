import { ApolloServer } from '@apollo/server';
import { ApolloGateway, IntrospectAndCompose, type GatewayConfig as ApolloGatewayConfig } from '@apollo/gateway';
import { IdentityCodec } from '@ordergraph/core';
import {
  closeRedis,
  createClientIpResolver,
  createCors,
  createFormatError,
  createGraphQLHttpHandler,
  createHttpService,
  createRateLimiter,
  createRedis,
  createSecurityHeaders,
  waitForRedis,
  redisReadiness,
  ServiceLifecycle,
  type Service,
} from '@ordergraph/http';
import { createGatewayTelemetry, type GatewayTelemetry, type TelemetryOverrides } from '@ordergraph/telemetry';
import { ForwardedIdentitySigner } from './auth/ForwardedIdentitySigner.js';
import { TokenVerifier } from './auth/TokenVerifier.js';
import type { GatewayConfig } from './config.js';
import { createContextFactory, type GatewayContext } from './context.js';
import { IdentityForwardingDataSource } from './IdentityForwardingDataSource.js';
import { jwksUrlFor } from './jwks.js';
import type { CacheStats } from './executor/OperationCache.js';
import { OrderGraphGateway } from './executor/OrderGraphGateway.js';
import { createResponseCompression } from './http/compression.js';
import { createGraphiQL } from './http/graphiql.js';
import { composePlugins } from './plugins/index.js';
import { checkReadiness } from './readiness.js';
import { RedisKeyValueCache } from './cache/RedisKeyValueCache.js';
import { readSupergraphDirectives, type SupergraphDirectives } from './security/supergraphDirectives.js';
import { loadTrustedDocuments, trustedDocumentsCache } from './security/trustedDocuments.js';
import { limitRules } from './security/validationRules.js';
import { readSupergraph, subgraphEndpoints, subgraphUrlOverride, type SubgraphEndpoint } from './supergraph.js';
import { SupergraphSource } from './supergraphReload/SupergraphSource.js';
import { countQueryPlanCache } from './telemetry/queryPlanCache.js';
import { TelemetryDataSource } from './telemetry/TelemetryDataSource.js';
import { attachWebSocketServer } from './subscriptions/attachWebSocketServer.js';
import { createEventStreamHandler } from './subscriptions/serveEventStream.js';
import { createMultipartHandler } from './subscriptions/serveMultipart.js';
import { IncrementalDeliveryGateway } from './incremental/IncrementalDeliveryGateway.js';
import { FederatedSubscriptions, type SubscriptionStats } from './subscriptions/FederatedSubscriptions.js';
import { UpstreamClients } from './subscriptions/UpstreamClients.js';

export interface Gateway extends Service {
  apollo: ApolloServer<GatewayContext>;
  /** Where access tokens' keys are fetched from (null: HS256 only). */
  jwksUrl: string | null;
  /** Hits and misses of the executor's plan + parse cache (null with GATEWAY_EXECUTOR=apollo), for metrics. */
  operationCacheStats(): CacheStats | null;
  /** Client subscriptions and the (deduplicated) upstream subscriptions serving them. */
  subscriptionStats(): SubscriptionStats;
  telemetry: GatewayTelemetry;
}

/** Build the federation gateway (no port bound): Apollo Gateway + Apollo Server over node:http. */
export function createGateway(config: GatewayConfig, overrides: TelemetryOverrides = {}): Gateway {
  const telemetry = createGatewayTelemetry(config.telemetry, overrides);
  const supergraphSdl = config.introspect ? null : readSupergraph(config.supergraphPath);
  const jwksUrl = jwksUrlFor(config, supergraphSdl);
  const verifier = new TokenVerifier({ ...config.jwt, jwksUrl });
  const signer = new ForwardedIdentitySigner(new IdentityCodec(config.identitySecret));
  const redis = config.redisUrl ? createRedis(config.redisUrl) : null;
  const trustedDocuments = config.trustedDocumentsPath ? loadTrustedDocuments(config.trustedDocumentsPath) : null;
  const { performance } = config;
  let endpoints: SubgraphEndpoint[] | null = null;
  let directives: SupergraphDirectives | null = null;
  // @apollo/gateway otherwise sends usage metrics to Apollo and probes cloud metadata endpoints
  // (169.254.169.254) from every process; it reads only this variable, so it is set here.
  if (!config.apolloTelemetry) process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  // One keep-alive undici pool per subgraph (SubgraphHttpDataSource).
  const buildDataSource = ({ name, url }: { name: string; url?: string }): IdentityForwardingDataSource =>
    new TelemetryDataSource(
      {
        url: subgraphUrlOverride(config.subgraphUrls, name) ?? (url as string),
        name,
        connections: performance.subgraphConnections,
        timeoutMs: performance.subgraphTimeoutMs,
        dedupe: performance.dedupeSubgraphRequests,
        gatewayIdentity: () => signer.sign({ identity: null, clientIp: null }),
        onDeduplicated: () => telemetry.gateway.countDeduplicated(name),
      },
      { subgraph: name, metrics: telemetry.gateway, tracer: telemetry.tracing.tracer },
    );
  const gatewayConfig: ApolloGatewayConfig = {
    supergraphSdl: config.introspect
      ? new IntrospectAndCompose({ subgraphs: config.introspect, pollIntervalInMs: 10_000 })
      : new SupergraphSource({
          path: config.supergraphPath,
          ...config.supergraphReload,
          logger: telemetry.logger,
          metrics: { loaded: (hash, reload) => telemetry.gateway.supergraphLoaded(hash, reload), failed: (reason) => telemetry.gateway.supergraphReloadFailed(reason) },
        }),
    buildService: buildDataSource,
    // Plan-cache hits and misses when @apollo/gateway executes (GATEWAY_EXECUTOR=apollo).
    experimental_didResolveQueryPlan: countQueryPlanCache(telemetry.gateway),
    logger: telemetry.logger,
  };
  const gateway =
    performance.executor === 'ordergraph'
      ? new OrderGraphGateway({
          gateway: gatewayConfig,
          operationCacheSize: performance.operationCacheSize,
          batchEntityFetches: performance.batchEntityFetches,
          onExecuted: ({ subgraphCalls }) => telemetry.gateway.observeSubgraphCalls(subgraphCalls),
        })
      : new ApolloGateway(gatewayConfig);
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    endpoints = subgraphEndpoints(coreSupergraphSdl, config.subgraphUrls);
    directives = readSupergraphDirectives(coreSupergraphSdl);
  });
  const { limits } = config;
  // With our executor the plan cache is its operation cache: read its counters at scrape time.
  if (gateway instanceof OrderGraphGateway) telemetry.gateway.readPlanCache(() => gateway.operationCacheStats());
  const clientIp = createClientIpResolver(config.trustedProxies);
  const formatError = createFormatError(config.exposeErrorDetails);
  const apollo = new ApolloServer<GatewayContext>({
    // `@defer` in parts for clients that accept incremental delivery (multipart transport below).
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
      directives: () => directives,
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
  const subscriptions = new FederatedSubscriptions({
    upstream: new UpstreamClients(),
    signer,
    subgraphUrl: (name) => endpoints?.find((e) => e.name === name)?.url,
    maxBufferedEvents: config.websocket.maxBufferedEvents,
    logger: telemetry.logger,
  });
  // After a supergraph change, running subscriptions end with SUBSCRIPTION_SCHEMA_RELOAD (their plans are the old schema's).
  let schemaLoads = 0;
  gateway.onSchemaLoadOrUpdate(() => {
    if (schemaLoads++ > 0) subscriptions.endForSchemaReload();
  });
  const lifecycle = new ServiceLifecycle(telemetry.logger);
  const context = createContextFactory({ verifier, signer, clientIp });
  const eventStreams = createEventStreamHandler({
    apollo,
    subscriptions,
    context,
    formatError,
    limits: config.websocket,
    maxBodyBytes: limits.maxBodyBytes,
    traffic: telemetry.traffic,
    maxInputDepth: config.maxInputDepth,
  });
  lifecycle.onShutdown('event streams', () => eventStreams.close());
  const multipart = createMultipartHandler({
    apollo,
    subscriptions,
    context,
    formatError,
    limits: config.websocket,
    heartbeatMs: config.websocket.multipartHeartbeatMs,
    maxBodyBytes: limits.maxBodyBytes,
    traffic: telemetry.traffic,
    maxInputDepth: config.maxInputDepth,
  });
  lifecycle.onShutdown('multipart streams', () => multipart.close());
  const securityHeaders = createSecurityHeaders({ hsts: config.hsts });
  const service = createHttpService({
    name: 'gateway',
    lifecycle,
    onServer: (server) => {
      if (!config.websocket.enabled) return;
      const allowedOrigins = [...config.allowedOrigins, ...config.publicOrigins];
      // Outside production the gateway's own pages (Sandbox, GraphiQL) on loopback may open sockets
      // too: the origins come from the port actually bound (tests and `pnpm dev` may bind port 0),
      // never from the handshake's Host header.
      if (config.nodeEnv !== 'production') server.once('listening', () => allowedOrigins.push(...loopbackOrigins(server.address())));
      const websockets = attachWebSocketServer({
        server,
        apollo,
        subscriptions,
        verifier,
        signer,
        clientIp,
        // Configured origins only: the handshake's Host header is the client's to choose.
        allowedOrigins,
        limits: config.websocket,
        formatError,
        traffic: telemetry.traffic,
        logger: telemetry.logger,
        maxInputDepth: config.maxInputDepth,
      });
      // First thing on shutdown: sockets close with 1001 so clients reconnect to another replica.
      lifecycle.onShutdown('websockets', () => websockets.dispose());
    },
    listener: createGraphQLHttpHandler({
      apollo,
      context,
      readiness: () =>
        checkReadiness(endpoints, config.requiredSubgraphs, redis ? { redis: redisReadiness(redis) } : {}, (name, up) => telemetry.health.dependency(name, up)),
      telemetry,
      maxBodyBytes: limits.maxBodyBytes,
      maxBatchSize: limits.maxBatch,
      maxInputDepth: config.maxInputDepth,
      middleware: [
        createCors({ allowedOrigins: config.allowedOrigins }),
        // Before compression: an event stream must reach the client event by event, not in compressed blocks.
        ...(config.websocket.enabled ? [eventStreams.middleware] : []),
        multipart.middleware,
        ...(performance.compression.enabled ? [createResponseCompression(performance.compression)] : []),
        // After compression: the GraphiQL bundle is 7 MB uncompressed.
        ...(config.graphiql.enabled ? [createGraphiQL({ ...config.graphiql, endpoint: '/graphql', securityHeaders, logger: telemetry.logger })] : []),
      ],
      securityHeaders,
    }),
    telemetry,
    shutdown: config.shutdown,
    beforeListen: async () => {
      if (redis) await waitForRedis(redis);
      await apollo.start();
      // Not awaited: the accounts service may come up after the gateway.
      void verifier.warmUp();
    },
    beforeClose: () => apollo.stop(),
    afterClose: async () => {
      await subscriptions.close();
      if (redis) await closeRedis(redis);
    },
  });
  const operationCacheStats = () => (gateway instanceof OrderGraphGateway ? gateway.operationCacheStats() : null);
  return Object.assign(service, { apollo, jwksUrl, operationCacheStats, subscriptionStats: () => subscriptions.stats(), telemetry });
}

export { loadGatewayConfig, type GatewayConfig } from './config.js';

/** The loopback origins of a bound address: http://localhost:PORT, http://127.0.0.1:PORT, http://[::1]:PORT. */
function loopbackOrigins(address: ReturnType<import('node:net').Server['address']>): string[] {
  if (!address || typeof address === 'string') return [];
  return ['localhost', '127.0.0.1', '[::1]'].map((host) => `http://${host}:${address.port}`);
}
