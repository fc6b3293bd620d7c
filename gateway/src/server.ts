import { ApolloServer } from '@apollo/server';
import { ApolloGateway, IntrospectAndCompose, type GatewayConfig as ApolloGatewayConfig } from '@apollo/gateway';
import { IdentityCodec } from '@ordergraph/core';
import { createFormatError, createGraphQLHttpHandler, createHttpService, type Service } from '@ordergraph/server/http';
import type { GatewayConfig } from './config.js';
import { SignedIdentityCache } from './auth/SignedIdentityCache.js';
import { createContextFactory, type GatewayContext } from './context.js';
import { IdentityForwardingDataSource } from './IdentityForwardingDataSource.js';
import type { CacheStats } from './executor/OperationCache.js';
import { OrderGraphGateway } from './executor/OrderGraphGateway.js';
import { composePlugins } from './plugins/index.js';
import { checkReadiness } from './readiness.js';
import { readSupergraph, subgraphEndpoints, type SubgraphEndpoint } from './supergraph.js';

export interface Gateway extends Service {
  apollo: ApolloServer<GatewayContext>;
  /** Hits and misses of the executor's plan + parse cache (null with GATEWAY_EXECUTOR=apollo), for metrics. */
  operationCacheStats(): CacheStats | null;
}

/** Build the federation gateway (no port bound): Apollo Gateway + Apollo Server over node:http. */
export function createGateway(config: GatewayConfig): Gateway {
  const codec = new IdentityCodec(config.identitySecret);
  const { performance } = config;
  let endpoints: SubgraphEndpoint[] | null = null;
  // One keep-alive undici pool per subgraph (SubgraphHttpDataSource).
  const buildDataSource = ({ name, url }: { name: string; url?: string }): IdentityForwardingDataSource =>
    new IdentityForwardingDataSource({
      url: config.subgraphUrls[name] ?? (url as string),
      connections: performance.subgraphConnections,
      timeoutMs: performance.subgraphTimeoutMs,
      dedupe: performance.dedupeSubgraphRequests,
    });
  const gatewayConfig: ApolloGatewayConfig = {
    supergraphSdl: config.introspect
      ? new IntrospectAndCompose({ subgraphs: config.introspect, pollIntervalInMs: 10_000 })
      : readSupergraph(config.supergraphPath),
    buildService: buildDataSource,
  };
  const gateway =
    performance.executor === 'ordergraph'
      ? new OrderGraphGateway({ gateway: gatewayConfig, buildDataSource, operationCacheSize: performance.operationCacheSize })
      : new ApolloGateway(gatewayConfig);
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    endpoints = subgraphEndpoints(coreSupergraphSdl, config.subgraphUrls);
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: config.exposeErrorDetails,
    formatError: createFormatError(config.exposeErrorDetails),
    plugins: composePlugins(config),
  });
  const service = createHttpService({
    name: 'gateway',
    listener: createGraphQLHttpHandler({
      apollo,
      context: createContextFactory(config, new SignedIdentityCache(codec)),
      readiness: () => checkReadiness(endpoints),
    }),
    beforeListen: () => apollo.start(),
    beforeClose: () => apollo.stop(),
  });
  const operationCacheStats = () => (gateway instanceof OrderGraphGateway ? gateway.operationCacheStats() : null);
  return Object.assign(service, { apollo, operationCacheStats });
}

export { loadGatewayConfig, type GatewayConfig } from './config.js';
