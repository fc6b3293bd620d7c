import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { IdentityCodec } from '@ordergraph/core';
import {
  closeRedis,
  createClientIpResolver,
  createCors,
  createFormatError,
  createGraphQLHttpHandler,
  createHttpService,
  createRedis,
  createSecurityHeaders,
  waitForRedis,
  redisReadiness,
  ServiceLifecycle,
  type Service,
} from '@ordergraph/http';
import { createGatewayTelemetry, type GatewayTelemetry, type TelemetryOverrides } from '@ordergraph/telemetry';
import { createGatewayApolloServer } from './apolloServer.js';
import { ForwardedIdentitySigner } from './auth/ForwardedIdentitySigner.js';
import { TokenVerifier } from './auth/TokenVerifier.js';
import type { GatewayConfig } from './config.js';
import { createContextFactory, type GatewayContext } from './context.js';
import type { CacheStats } from './executor/OperationCache.js';
import { OrderGraphGateway } from './executor/OrderGraphGateway.js';
import { createFederationGateway, type FederationGateway } from './federationGateway.js';
import { createResponseCompression } from './http/compression.js';
import { createGraphiQL } from './http/graphiql.js';
import { checkReadiness } from './readiness.js';
import { loadTrustedDocuments } from './security/trustedDocuments.js';
import { trackSupergraph, type SupergraphState } from './supergraphState.js';
import { attachWebSocketServer } from './subscriptions/attachWebSocketServer.js';
import { createEventStreamHandler } from './subscriptions/serveEventStream.js';
import { createMultipartHandler } from './subscriptions/serveMultipart.js';
import { FederatedSubscriptions, type SubscriptionStats } from './subscriptions/FederatedSubscriptions.js';
import { UpstreamClients } from './subscriptions/UpstreamClients.js';

export interface Gateway extends Service {
  apollo: ApolloServer<GatewayContext>;
  /** Where access tokens' keys are fetched from now (null: HS256 only); follows supergraph reloads. */
  jwksUrl(): string | null;
  /** Hits and misses of the executor's plan + parse cache (null with GATEWAY_EXECUTOR=apollo), for metrics. */
  operationCacheStats(): CacheStats | null;
  /** Client subscriptions and the (deduplicated) upstream subscriptions serving them. */
  subscriptionStats(): SubscriptionStats;
  telemetry: GatewayTelemetry;
}

/** What the transports (HTTP, SSE, multipart, WebSocket) share. */
interface Parts {
  config: GatewayConfig;
  telemetry: GatewayTelemetry;
  apollo: ApolloServer<GatewayContext>;
  subscriptions: FederatedSubscriptions;
  verifier: TokenVerifier;
  signer: ForwardedIdentitySigner;
  formatError: ReturnType<typeof createFormatError>;
  clientIp: ReturnType<typeof createClientIpResolver>;
  lifecycle: ServiceLifecycle;
}

/** Build the federation gateway (no port bound): Apollo Gateway + Apollo Server over node:http. */
export function createGateway(config: GatewayConfig, overrides: TelemetryOverrides = {}): Gateway {
  const telemetry = createGatewayTelemetry(config.telemetry, overrides);
  // The JWKS URL is configured, or derived from each supergraph the gateway loads (trackSupergraph).
  const verifier = new TokenVerifier({ ...config.jwt, jwksUrl: config.jwt.jwksUrl });
  const signer = new ForwardedIdentitySigner(new IdentityCodec(config.identitySecret));
  const redis = config.redisUrl ? createRedis(config.redisUrl) : null;
  const gateway = createFederationGateway(config, telemetry, signer);
  const supergraph = trackSupergraph(gateway, { subgraphUrls: config.subgraphUrls, configuredJwksUrl: config.jwt.jwksUrl, verifier });
  const formatError = createFormatError(config.exposeErrorDetails);
  const apollo = createGatewayApolloServer({
    config,
    gateway,
    telemetry,
    redis,
    trustedDocuments: config.trustedDocumentsPath ? loadTrustedDocuments(config.trustedDocumentsPath) : null,
    formatError,
    directives: () => supergraph.directives,
  });
  const subscriptions = createSubscriptions(config, telemetry, signer, gateway, supergraph);
  const clientIp = createClientIpResolver(config.trustedProxies);
  const parts: Parts = { config, telemetry, apollo, subscriptions, verifier, signer, formatError, clientIp, lifecycle: new ServiceLifecycle(telemetry.logger) };
  const service = createHttpService({
    name: 'gateway',
    lifecycle: parts.lifecycle,
    onServer: (server) => attachWebSockets(server, parts),
    listener: createListener(parts, supergraph, redis),
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
  return Object.assign(service, { apollo, jwksUrl: () => verifier.jwksUrl, operationCacheStats, subscriptionStats: () => subscriptions.stats(), telemetry });
}

export { loadGatewayConfig, type GatewayConfig } from './config.js';

/** Subscriptions, whichever transport carries them; after a supergraph change running ones end with SUBSCRIPTION_SCHEMA_RELOAD (their plans are the old schema's). */
function createSubscriptions(config: GatewayConfig, telemetry: GatewayTelemetry, signer: ForwardedIdentitySigner, gateway: FederationGateway, supergraph: SupergraphState) {
  const subscriptions = new FederatedSubscriptions({
    upstream: new UpstreamClients(),
    signer,
    subgraphUrl: (name) => supergraph.endpoints?.find((e) => e.name === name)?.url,
    maxBufferedEvents: config.websocket.maxBufferedEvents,
    logger: telemetry.logger,
  });
  let schemaLoads = 0;
  gateway.onSchemaLoadOrUpdate(() => {
    if (schemaLoads++ > 0) subscriptions.endForSchemaReload();
  });
  return subscriptions;
}

/** The HTTP listener: GraphQL over POST/GET, SSE and multipart subscriptions, compression, GraphiQL, health. */
function createListener(parts: Parts, supergraph: SupergraphState, redis: ReturnType<typeof createRedis> | null) {
  const { config, telemetry, apollo, subscriptions, verifier, signer, formatError, clientIp, lifecycle } = parts;
  const { limits, performance } = config;
  const context = createContextFactory({ verifier, signer, clientIp });
  const streaming = { apollo, subscriptions, context, formatError, limits: config.websocket, maxBodyBytes: limits.maxBodyBytes, traffic: telemetry.traffic, maxInputDepth: config.maxInputDepth };
  const eventStreams = createEventStreamHandler(streaming);
  lifecycle.onShutdown('event streams', () => eventStreams.close());
  const multipart = createMultipartHandler({ ...streaming, heartbeatMs: config.websocket.multipartHeartbeatMs });
  lifecycle.onShutdown('multipart streams', () => multipart.close());
  const securityHeaders = createSecurityHeaders({ hsts: config.hsts });
  return createGraphQLHttpHandler({
    apollo,
    context,
    readiness: () =>
      checkReadiness(supergraph.endpoints, config.requiredSubgraphs, redis ? { redis: redisReadiness(redis) } : {}, (name, up) => telemetry.health.dependency(name, up)),
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
  });
}

/** Subscriptions over WebSocket on the same server, when enabled. */
function attachWebSockets(server: Server, { config, telemetry, apollo, subscriptions, verifier, signer, formatError, clientIp, lifecycle }: Parts): void {
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
}

/** The loopback origins of a bound address: http://localhost:PORT, http://127.0.0.1:PORT, http://[::1]:PORT. */
function loopbackOrigins(address: ReturnType<Server['address']>): string[] {
  if (!address || typeof address === 'string') return [];
  return ['localhost', '127.0.0.1', '[::1]'].map((host) => `http://${host}:${address.port}`);
}
