import { loadCommonConfig, type CommonConfig } from '@ordergraph/core';
import { resolveDatabaseTarget, type DatabaseTarget } from '@ordergraph/db';

export interface ProductsConfig extends CommonConfig {
  database: DatabaseTarget;
}

export function loadProductsConfig(env: Record<string, string | undefined>): ProductsConfig {
  return { ...loadCommonConfig(env, 4002), database: resolveDatabaseTarget('products', env) };
}
