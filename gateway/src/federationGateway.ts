import { ApolloGateway, IntrospectAndCompose, type GatewayConfig as ApolloGatewayConfig } from '@apollo/gateway';
import type { GatewayTelemetry } from '@ordergraph/telemetry';
import type { ForwardedIdentitySigner } from './auth/ForwardedIdentitySigner.js';
import type { GatewayConfig } from './config.js';
import { OrderGraphGateway } from './executor/OrderGraphGateway.js';
import type { IdentityForwardingDataSource } from './IdentityForwardingDataSource.js';
import { subgraphUrlOverride } from './supergraph.js';
import { SupergraphSource } from './supergraphReload/SupergraphSource.js';
import { reportPlannerFallbacks } from './telemetry/plannerFallbacks.js';
import { countQueryPlanCache } from './telemetry/queryPlanCache.js';
import { TelemetryDataSource } from './telemetry/TelemetryDataSource.js';

export type FederationGateway = ApolloGateway | OrderGraphGateway;

/**
 * The federation engine, without HTTP: our executor (or @apollo/gateway with
 * GATEWAY_EXECUTOR=apollo) over one data source per subgraph, fed by the supergraph file (hot
 * reloaded), a registry, or introspection in development.
 */
export function createFederationGateway(config: GatewayConfig, telemetry: GatewayTelemetry, signer: ForwardedIdentitySigner): FederationGateway {
  const { performance } = config;
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
  if (performance.executor !== 'ordergraph') return new ApolloGateway(gatewayConfig);
  const gateway = new OrderGraphGateway({
    gateway: gatewayConfig,
    operationCacheSize: performance.operationCacheSize,
    queryPlanner: performance.queryPlanner,
    batchEntityFetches: performance.batchEntityFetches,
    maxConcurrentOperations: performance.maxConcurrentOperations,
    overrideLabels: performance.overrideLabels,
    onPlannerFallback: reportPlannerFallbacks(telemetry.gateway, telemetry.logger),
    onExecuted: ({ subgraphCalls }) => telemetry.gateway.observeSubgraphCalls(subgraphCalls),
  });
  // With our executor the plan cache is its operation cache: read its counters at scrape time.
  telemetry.gateway.readPlanCache(() => gateway.operationCacheStats());
  return gateway;
}
