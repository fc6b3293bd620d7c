import { z } from 'zod';
import { loadDataLoaderConfig, loadSubgraphCommonConfig, parseEnv, type DataLoaderConfig, type SubgraphCommonConfig } from '@ordergraph/core';
import { resolveDatabaseTarget, type DatabaseTarget } from '@ordergraph/db';
import type { ProviderOptions } from './services/SimulatedProvider.js';

export interface PaymentsConfig extends SubgraphCommonConfig {
  database: DatabaseTarget;
  dataLoader: DataLoaderConfig;
  provider: ProviderOptions;
}

export function loadPaymentsConfig(env: Record<string, string | undefined>): PaymentsConfig {
  const parsed = parseEnv(
    {
      PAYMENT_DECLINE_TOKENS: z.string().default('tok_decline'),
      PAYMENT_DECLINE_OVER_AMOUNT: z.coerce.number().int().min(0).default(1_000_000),
      PAYMENT_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
      PAYMENT_FAILURE_RATE: z.coerce.number().min(0, 'expected a number from 0 to 1').max(1, 'expected a number from 0 to 1').default(0),
    },
    env,
  );
  return {
    ...loadSubgraphCommonConfig(env, 4004),
    database: resolveDatabaseTarget('payments', env),
    dataLoader: loadDataLoaderConfig(env),
    provider: {
      declineTokens: parsed.PAYMENT_DECLINE_TOKENS.split(',').map((t) => t.trim()).filter(Boolean),
      declineOverAmount: parsed.PAYMENT_DECLINE_OVER_AMOUNT,
      latencyMs: parsed.PAYMENT_LATENCY_MS,
      failureRate: parsed.PAYMENT_FAILURE_RATE,
    },
  };
}
