import { loadDataLoaderConfig, loadSubgraphCommonConfig, type DataLoaderConfig, type SubgraphCommonConfig } from '@ordergraph/core';
import { resolveDatabaseTarget, type DatabaseTarget } from '@ordergraph/db';

export interface ProductsConfig extends SubgraphCommonConfig {
  database: DatabaseTarget;
  dataLoader: DataLoaderConfig;
}

export function loadProductsConfig(env: Record<string, string | undefined>): ProductsConfig {
  return { ...loadSubgraphCommonConfig(env, 4002), database: resolveDatabaseTarget('products', env), dataLoader: loadDataLoaderConfig(env) };
}
