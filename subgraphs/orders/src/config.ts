import { loadCommonConfig, loadDataLoaderConfig, type CommonConfig, type DataLoaderConfig } from '@ordergraph/core';
import { resolveDatabaseTarget, type DatabaseTarget } from '@ordergraph/db';

export interface OrdersConfig extends CommonConfig {
  database: DatabaseTarget;
  dataLoader: DataLoaderConfig;
}

export function loadOrdersConfig(env: Record<string, string | undefined>): OrdersConfig {
  return { ...loadCommonConfig(env, 4003), database: resolveDatabaseTarget('orders', env), dataLoader: loadDataLoaderConfig(env) };
}
