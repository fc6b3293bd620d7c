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
import { readGatewayState } from './gatewayInternals.js';
import { OperationCache, type CacheStats } from './OperationCache.js';
import type { PreparedOperation } from './prepareOperation.js';

type ClosableDataSource = GraphQLDataSource & { close?: () => Promise<void> };

export interface OrderGraphGatewayOptions {
  /** Passed to ApolloGateway, which keeps loading, composing and watching the supergraph. */
  gateway: GatewayConfig;
  /** Builds a subgraph's data source; must be the same function as `gateway.buildService`. */
  buildDataSource: (subgraph: { name: string; url: string }) => ClosableDataSource;
  /** Operations whose plan and parsed form are kept. @default 1000 */
  operationCacheSize?: number;
  /** Told after each operation how many subgraph calls it made (metrics). */
  onExecuted?: (stats: { subgraphCalls: number }) => void;
}

/**
 * ApolloGateway for everything but execution: supergraph loading, composition, planning
 * and updates stay stock; requests run through our executor (createExecutor), rebuilt on
 * every supergraph update with a fresh operation cache.
 */
export class OrderGraphGateway implements GatewayInterface {
  private readonly inner: ApolloGateway;
  private executor: GatewayExecutor | null = null;
  private dataSources: ClosableDataSource[] = [];
  private cache: OperationCache<PreparedOperation>;

  constructor(private readonly options: OrderGraphGatewayOptions) {
    this.inner = new ApolloGateway(options.gateway);
    this.cache = new OperationCache(options.operationCacheSize ?? 1000);
    this.inner.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => this.rebuild(coreSupergraphSdl));
  }

  private rebuild(coreSupergraphSdl: string): void {
    // ApolloGateway has just built the planner, schemas and data sources for this supergraph:
    // reuse them rather than hold a second copy; build our own only if its internals moved.
    const state = readGatewayState(this.inner);
    const supergraph = state ? null : Supergraph.build(coreSupergraphSdl);
    const dataSources: Record<string, ClosableDataSource> = state?.dataSources ?? {};
    if (supergraph) {
      for (const s of supergraph.subgraphs()) dataSources[s.name] = this.options.buildDataSource({ name: s.name, url: s.url });
    }
    this.dataSources = Object.values(dataSources);
    this.cache = new OperationCache(this.options.operationCacheSize ?? 1000);
    this.executor = createExecutor({
      supergraphSchema: state?.supergraphSchema ?? supergraph!.schema.toGraphQLJSSchema(),
      apiSchema: state?.apiSchema ?? supergraph!.apiSchema(),
      planner: state?.queryPlanner ?? new QueryPlanner(supergraph!),
      dataSources,
      cache: this.cache,
      onExecuted: this.options.onExecuted,
    });
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
    // Data sources replaced by a supergraph update (dev introspection only) keep idle pools until exit.
    await Promise.allSettled(this.dataSources.map((d) => d.close?.()));
  }

  /** Operation (plan + parse) cache hits and misses since the last supergraph update. */
  operationCacheStats(): CacheStats {
    return this.cache.stats();
  }
}
