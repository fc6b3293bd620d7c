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
import type { GraphQLSchema } from 'graphql';
import { createExecutor } from './createExecutor.js';
import { readGatewayState } from './gatewayInternals.js';
import { DataSourceGenerations } from './DataSourceGenerations.js';
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
}

/**
 * ApolloGateway for everything but execution: supergraph loading, composition, planning
 * and updates stay stock; requests run through our executor (createExecutor), rebuilt on
 * every supergraph update with a fresh operation cache.
 */
export class OrderGraphGateway implements GatewayInterface {
  private readonly inner: ApolloGateway;
  private executor: GatewayExecutor | null = null;
  /** The executor of each API schema: a request runs on the supergraph it was validated against, even after a reload. */
  private readonly executors = new WeakMap<GraphQLSchema, GatewayExecutor>();
  private readonly generations = new DataSourceGenerations<ClosableDataSource>();
  private dataSources: ClosableDataSource[] = [];
  private cache: OperationCache<PreparedOperation>;

  constructor(private readonly options: OrderGraphGatewayOptions) {
    this.inner = new ApolloGateway(options.gateway);
    this.cache = new OperationCache(options.operationCacheSize ?? 1000);
    this.inner.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
      this.rebuild(coreSupergraphSdl);
      const executor = this.generations.track(this.executor as GatewayExecutor, this.dataSources);
      this.executors.set(apiSchema, executor);
      this.executor = executor;
    });
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
    });
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): GatewayUnsubscriber {
    return this.inner.onSchemaLoadOrUpdate(callback);
  }

  async load(options: Parameters<GatewayInterface['load']>[0]): Promise<GatewayLoadResult> {
    await this.inner.load(options);
    return { executor: (requestContext) => (this.executors.get(requestContext.schema) ?? (this.executor as GatewayExecutor))(requestContext) };
  }

  async stop(): Promise<void> {
    await this.inner.stop();
    await this.generations.closeAll();
  }

  /** Operation (plan + parse) cache hits and misses since the last supergraph update. */
  operationCacheStats(): CacheStats {
    return this.cache.stats();
  }
}
