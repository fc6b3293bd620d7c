import { ApolloServer } from '@apollo/server';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { IdentityCodec } from '@ordergraph/core';
import { createFormatError, createGraphQLHttpHandler, createHttpService, type Service } from '@ordergraph/server';
import { createGatewayTelemetry, type GatewayTelemetry, type TelemetryOverrides } from '@ordergraph/telemetry';
import type { GatewayConfig } from './config.js';
import { createContextFactory, type GatewayContext } from './context.js';
import { IdentityForwardingDataSource } from './IdentityForwardingDataSource.js';
import { composePlugins } from './plugins/index.js';
import { checkReadiness } from './readiness.js';
import { readSupergraph, subgraphEndpoints, subgraphUrlOverride, type SubgraphEndpoint } from './supergraph.js';
import { countQueryPlanCache } from './telemetry/queryPlanCache.js';
import { instrumentFetcher } from './telemetry/subgraphFetcher.js';

export interface Gateway extends Service {
  apollo: ApolloServer<GatewayContext>;
  telemetry: GatewayTelemetry;
}

/** Build the federation gateway (no port bound): Apollo Gateway + Apollo Server over node:http. */
export function createGateway(config: GatewayConfig, overrides: TelemetryOverrides = {}): Gateway {
  const telemetry = createGatewayTelemetry(config.telemetry, overrides);
  const codec = new IdentityCodec(config.identitySecret);
  // Node's fetch (undici) keeps connections to subgraphs alive and pooled.
  const fetcher = globalThis.fetch as unknown as Fetcher;
  let endpoints: SubgraphEndpoint[] | null = null;
  // @apollo/gateway reads this switch from the environment only; without it every gateway
  // exports usage metrics to Apollo and probes cloud metadata endpoints at start-up.
  if (!config.apolloTelemetry) process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: config.introspect
      ? new IntrospectAndCompose({ subgraphs: config.introspect, pollIntervalInMs: 10_000 })
      : readSupergraph(config.supergraphPath),
    buildService: ({ name, url }) =>
      new IdentityForwardingDataSource({
        url: subgraphUrlOverride(config.subgraphUrls, name) ?? url,
        fetcher: instrumentFetcher(fetcher, name, telemetry.gateway),
      }),
    experimental_didResolveQueryPlan: countQueryPlanCache(telemetry.gateway),
    logger: telemetry.logger,
  });
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    endpoints = subgraphEndpoints(coreSupergraphSdl, config.subgraphUrls);
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger: telemetry.logger,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: config.exposeErrorDetails,
    formatError: createFormatError(config.exposeErrorDetails),
    plugins: composePlugins(config, { telemetry }),
  });
  const service = createHttpService({
    name: 'gateway',
    listener: createGraphQLHttpHandler({
      apollo,
      context: createContextFactory(config, codec),
      readiness: () => checkReadiness(endpoints, config.requiredSubgraphs),
      telemetry,
    }),
    telemetry,
    shutdown: config.shutdown,
    beforeListen: () => apollo.start(),
    beforeClose: () => apollo.stop(),
  });
  return Object.assign(service, { apollo, telemetry });
}

export { loadGatewayConfig, type GatewayConfig } from './config.js';
