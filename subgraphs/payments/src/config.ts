import { loadCommonConfig, loadDataLoaderConfig, type CommonConfig, type DataLoaderConfig } from '@ordergraph/core';
import { resolveDatabaseTarget, type DatabaseTarget } from '@ordergraph/db';

export interface PaymentsConfig extends CommonConfig {
  database: DatabaseTarget;
  dataLoader: DataLoaderConfig;
}

export function loadPaymentsConfig(env: Record<string, string | undefined>): PaymentsConfig {
  return { ...loadCommonConfig(env, 4004), database: resolveDatabaseTarget('payments', env), dataLoader: loadDataLoaderConfig(env) };
}
