import { loadCommonConfig, loadDataLoaderConfig, type CommonConfig, type DataLoaderConfig } from '@ordergraph/core';
import { resolveDatabaseTarget, type DatabaseTarget } from '@ordergraph/db';

export interface ProductsConfig extends CommonConfig {
  database: DatabaseTarget;
  dataLoader: DataLoaderConfig;
}

export function loadProductsConfig(env: Record<string, string | undefined>): ProductsConfig {
  return { ...loadCommonConfig(env, 4002), database: resolveDatabaseTarget('products', env), dataLoader: loadDataLoaderConfig(env) };
}
