import { ApolloGateway, type GatewayConfig, type GraphQLDataSource } from '@apollo/gateway';
import type {
  GatewayExecutor,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
  GatewayUnsubscriber,
} from '@apollo/server-gateway-interface';
import type { GraphQLSchema } from 'graphql';
import { createExecutor } from './createExecutor.js';
import { readGatewayState, type GatewayState } from './gatewayInternals.js';
import { DataSourceGenerations } from './DataSourceGenerations.js';
import { internSupergraphNames } from './internSupergraphNames.js';
import { OperationCache, type CacheStats } from './OperationCache.js';
import { OperationGate } from './OperationGate.js';
import type { PreparedOperation } from './prepareOperation.js';
import { apolloPlanner, type OperationPlanner } from './planners/OperationPlanner.js';
import { HiveQueryPlanner, type PlannerFallback } from './planners/HiveQueryPlanner.js';
import { ProgressiveOverride } from './planners/progressiveOverride.js';

type ClosableDataSource = GraphQLDataSource & { close?: () => Promise<void> };

export interface OrderGraphGatewayOptions {
  /** Passed to ApolloGateway, which keeps loading, composing and watching the supergraph. */
  gateway: GatewayConfig;
  /** Operations whose plan and parsed form are kept. @default 1000 */
  operationCacheSize?: number;
  /** Which query planner plans for our executor (HiveQueryPlanner.ts). @default 'apollo' */
  queryPlanner?: 'apollo' | 'hive';
  /** Custom progressive `@override` labels in force (`percent(N)` labels are rolled per request). @default [] */
  overrideLabels?: readonly string[];
  /** Told when Hive's planner leaves an operation to Apollo's (metrics, logs). */
  onPlannerFallback?: (fallback: PlannerFallback) => void;
  /** See ExecutorParts.batchEntityFetches. @default true */
  batchEntityFetches?: boolean;
  /** Told after each operation how many subgraph calls it made (metrics). */
  onExecuted?: (stats: { subgraphCalls: number }) => void;
  /** Queries executed at once, across supergraph updates; the rest wait (OperationGate). 0: no bound. @default 0 */
  maxConcurrentOperations?: number;
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
  private failure: Error | null = null;
  private readonly gate: OperationGate | null;

  constructor(private readonly options: OrderGraphGatewayOptions) {
    const config = options.gateway;
    this.inner = new ApolloGateway('supergraphSdl' in config ? ({ ...config, supergraphSdl: internSupergraphNames(config.supergraphSdl) } as GatewayConfig) : config);
    this.cache = new OperationCache(options.operationCacheSize ?? 1000);
    this.gate = options.maxConcurrentOperations ? new OperationGate({ limit: options.maxConcurrentOperations }) : null;
    this.inner.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
      this.rebuild(coreSupergraphSdl);
      if (!this.executor) return; // start-up failed: load() throws it
      const executor = this.generations.track(this.executor, this.dataSources);
      this.executors.set(apiSchema, executor);
      this.executor = executor;
    });
  }

  private rebuild(supergraphSdl: string): void {
    // ApolloGateway has just built the planner, schemas and data sources for this supergraph:
    // reuse them rather than hold a second copy. If its internals moved, say so (load() fails
    // at start-up) rather than quietly run a second planner next to its own.
    let state: GatewayState;
    try {
      state = readGatewayState(this.inner);
    } catch (error) {
      // On an update ApolloGateway logs it (and the current executor stays); at start-up it
      // would swallow it, so load() throws it.
      if (this.executor) throw error;
      this.failure = error as Error;
      return;
    }
    const { dataSources } = state;
    this.dataSources = Object.values(dataSources);
    this.cache = new OperationCache(this.options.operationCacheSize ?? 1000);
    const apollo = apolloPlanner(state.queryPlanner);
    const planner: OperationPlanner =
      this.options.queryPlanner === 'hive' ? new HiveQueryPlanner(supergraphSdl, { fallback: apollo, onFallback: this.options.onPlannerFallback }) : apollo;
    this.executor = createExecutor({
      supergraphSchema: state.supergraphSchema,
      apiSchema: state.apiSchema,
      planner,
      overrides: ProgressiveOverride.fromSupergraph(state.queryPlanner.supergraph.schema, { activeLabels: this.options.overrideLabels }),
      dataSources,
      cache: this.cache,
      onExecuted: this.options.onExecuted,
      batchEntityFetches: this.options.batchEntityFetches ?? true,
      gate: this.gate,
    });
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): GatewayUnsubscriber {
    return this.inner.onSchemaLoadOrUpdate(callback);
  }

  async load(options: Parameters<GatewayInterface['load']>[0]): Promise<GatewayLoadResult> {
    await this.inner.load(options);
    if (this.failure) {
      await this.inner.stop();
      throw this.failure;
    }
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
