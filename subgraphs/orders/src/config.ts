import { loadCommonConfig, type CommonConfig } from '@ordergraph/core';
import { resolveDatabaseTarget, type DatabaseTarget } from '@ordergraph/db';

export interface OrdersConfig extends CommonConfig {
  database: DatabaseTarget;
}

export function loadOrdersConfig(env: Record<string, string | undefined>): OrdersConfig {
  return { ...loadCommonConfig(env, 4003), database: resolveDatabaseTarget('orders', env) };
}
