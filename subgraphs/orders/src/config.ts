import { z } from 'zod';
import { loadDataLoaderConfig, loadSubgraphCommonConfig, parseEnv, url, type DataLoaderConfig, type SubgraphCommonConfig } from '@ordergraph/core';
import { resolveDatabaseTarget, type DatabaseTarget } from '@ordergraph/db';

export interface SagaConfig {
  /** Products subgraph URL for internal calls. */
  productsUrl: string;
  /** Payments subgraph URL for internal calls. */
  paymentsUrl: string;
  /** Timeout of one internal call attempt. @default 3000 */
  callTimeoutMs: number;
  /** Retries after a failed idempotent call (exponential backoff with jitter). @default 2 */
  retries: number;
  /** Consecutive failures that open a dependency's circuit breaker. @default 5 */
  breakerThreshold: number;
  /** How long an open breaker waits before letting a trial call through. @default 5000 */
  breakerResetMs: number;
  /** How long the process driving an order owns it before recovery may take over. @default 30000 */
  leaseMs: number;
  /** How often the recovery worker looks for abandoned orders; 0 turns it off. @default 5000 */
  recoveryIntervalMs: number;
  /** Most abandoned orders one recovery claim takes. @default 100 */
  recoveryBatchSize: number;
  /** Abandoned orders one replica drives at once. @default 16 */
  recoveryConcurrency: number;
}

export interface OrdersConfig extends SubgraphCommonConfig {
  database: DatabaseTarget;
  dataLoader: DataLoaderConfig;
  saga: SagaConfig;
  /** Outbox relay poll period; 0 relays only right after local changes. @default 200 */
  outboxIntervalMs: number;
}

export function loadOrdersConfig(env: Record<string, string | undefined>): OrdersConfig {
  const parsed = parseEnv(
    {
      PRODUCTS_URL: url.default('http://localhost:4002/graphql'),
      PAYMENTS_URL: url.default('http://localhost:4004/graphql'),
      SAGA_CALL_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(3000),
      SAGA_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
      SAGA_BREAKER_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(5),
      SAGA_BREAKER_RESET_MS: z.coerce.number().int().min(10).max(600_000).default(5000),
      SAGA_LEASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
      SAGA_RECOVERY_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
      SAGA_RECOVERY_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(100),
      SAGA_RECOVERY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
      OUTBOX_RELAY_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(200),
    },
    env,
  );
  return {
    ...loadSubgraphCommonConfig(env, 4003),
    database: resolveDatabaseTarget('orders', env),
    dataLoader: loadDataLoaderConfig(env),
    saga: {
      productsUrl: parsed.PRODUCTS_URL,
      paymentsUrl: parsed.PAYMENTS_URL,
      callTimeoutMs: parsed.SAGA_CALL_TIMEOUT_MS,
      retries: parsed.SAGA_RETRIES,
      breakerThreshold: parsed.SAGA_BREAKER_THRESHOLD,
      breakerResetMs: parsed.SAGA_BREAKER_RESET_MS,
      leaseMs: parsed.SAGA_LEASE_MS,
      recoveryIntervalMs: parsed.SAGA_RECOVERY_INTERVAL_MS,
      recoveryBatchSize: parsed.SAGA_RECOVERY_BATCH_SIZE,
      recoveryConcurrency: parsed.SAGA_RECOVERY_CONCURRENCY,
    },
    outboxIntervalMs: parsed.OUTBOX_RELAY_INTERVAL_MS,
  };
}
