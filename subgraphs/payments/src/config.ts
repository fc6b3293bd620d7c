import { loadCommonConfig, type CommonConfig } from '@ordergraph/core';
import { resolveDatabaseTarget, type DatabaseTarget } from '@ordergraph/db';

export interface PaymentsConfig extends CommonConfig {
  database: DatabaseTarget;
}

export function loadPaymentsConfig(env: Record<string, string | undefined>): PaymentsConfig {
  return { ...loadCommonConfig(env, 4004), database: resolveDatabaseTarget('payments', env) };
}
