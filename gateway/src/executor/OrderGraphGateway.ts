import { ApolloGateway, type GatewayConfig, type GraphQLDataSource } from '@apollo/gateway';
import { Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import type {
  GatewayExecutor,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
  GatewayUnsubscriber,
} from '@apollo/server-gateway-interface';
import { createExecutor } from './createExecutor.js';
import { OperationCache, type CacheStats } from './OperationCache.js';
import type { PreparedOperation } from './prepareOperation.js';

export interface OrderGraphGatewayOptions {
  /** Passed to ApolloGateway, which keeps loading, composing and watching the supergraph. */
  gateway: GatewayConfig;
  /** Builds the data source of each subgraph our executor sends fetches through. */
  buildDataSource: (subgraph: { name: string; url: string }) => GraphQLDataSource & { close?: () => Promise<void> };
  /** Operations whose plan and parsed form are kept. @default 1000 */
  operationCacheSize?: number;
}

/**
 * ApolloGateway for everything but execution: supergraph loading, composition and updates
 * stay stock; requests run through our executor (createExecutor), rebuilt on every
 * supergraph update with a fresh planner, data sources and operation cache.
 */
export class OrderGraphGateway implements GatewayInterface {
  private readonly inner: ApolloGateway;
  private executor: GatewayExecutor | null = null;
  private dataSources: Array<{ close?: () => Promise<void> }> = [];
  private cache: OperationCache<PreparedOperation>;

  constructor(private readonly options: OrderGraphGatewayOptions) {
    this.inner = new ApolloGateway(options.gateway);
    this.cache = new OperationCache(options.operationCacheSize ?? 1000);
    this.inner.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => this.rebuild(coreSupergraphSdl));
  }

  private rebuild(coreSupergraphSdl: string): void {
    const supergraph = Supergraph.build(coreSupergraphSdl);
    const previous = this.dataSources;
    const dataSources: Record<string, GraphQLDataSource & { close?: () => Promise<void> }> = {};
    for (const subgraph of supergraph.subgraphs()) {
      dataSources[subgraph.name] = this.options.buildDataSource({ name: subgraph.name, url: subgraph.url });
    }
    this.dataSources = Object.values(dataSources);
    this.cache = new OperationCache(this.options.operationCacheSize ?? 1000);
    this.executor = createExecutor({
      supergraphSchema: supergraph.schema.toGraphQLJSSchema(),
      apiSchema: supergraph.apiSchema(),
      planner: new QueryPlanner(supergraph),
      dataSources,
      cache: this.cache,
    });
    // In-flight requests keep the old executor; its connections close once idle.
    void Promise.allSettled(previous.map((d) => d.close?.()));
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): GatewayUnsubscriber {
    return this.inner.onSchemaLoadOrUpdate(callback);
  }

  async load(options: Parameters<GatewayInterface['load']>[0]): Promise<GatewayLoadResult> {
    await this.inner.load(options);
    return { executor: (requestContext) => (this.executor as GatewayExecutor)(requestContext) };
  }

  async stop(): Promise<void> {
    await this.inner.stop();
    await Promise.allSettled(this.dataSources.map((d) => d.close?.()));
  }

  /** Operation (plan + parse) cache hits and misses since the last supergraph update. */
  operationCacheStats(): CacheStats {
    return this.cache.stats();
  }
}
