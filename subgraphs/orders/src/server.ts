import type { ServiceTokenCodec } from '@ordergraph/core';
import { createPubSub, type PubSub } from '@ordergraph/pubsub';
import { prismaClientOptions } from '@ordergraph/db';
import { migrationsDir } from '@ordergraph/prisma';
import { createPrismaSubgraph, loadTypeDefs } from '@ordergraph/subgraph';
import { InternalClient } from './clients/InternalClient.js';
import { PaymentsClient } from './clients/PaymentsClient.js';
import { ProductsClient } from './clients/ProductsClient.js';
import type { OrdersConfig, SagaConfig } from './config.js';
import { createContextFactory } from './context.js';
import { PrismaClient } from './generated/prisma/client.js';
import { resolvers } from './resolvers/index.js';
import { seedOrders } from './seed.js';
import { OrderSaga } from './services/OrderSaga.js';
import { backgroundErrorLog } from './services/backgroundErrorLog.js';
import { OutboxRelay } from './services/OutboxRelay.js';
import { RecoveryWorker } from './services/RecoveryWorker.js';
import { recordSagaMetrics } from './services/sagaMetrics.js';

export const MIGRATIONS_DIR = migrationsDir('orders');

function internalClient(service: string, url: string, tokens: ServiceTokenCodec, saga: SagaConfig) {
  return new InternalClient({
    service,
    url,
    tokens,
    timeoutMs: saga.callTimeoutMs,
    retries: saga.retries,
    breakerThreshold: saga.breakerThreshold,
    breakerResetMs: saga.breakerResetMs,
  });
}

export interface OrdersServiceOptions {
  /** Load demo data into an empty database. @default false */
  seed?: boolean;
  /** Where order events go; by default Redis when REDIS_URL is set, else in-process. */
  pubsub?: PubSub;
}

/** Build the orders subgraph (orders, their items, and the placement saga) without binding a port. */
export function createOrdersService(config: OrdersConfig, options: OrdersServiceOptions = {}) {
  const ownPubsub = options.pubsub ? null : createPubSub({ redisUrl: config.redisUrl, prefix: config.redisKeyPrefix });
  const pubsub = options.pubsub ?? ownPubsub!;
  return createPrismaSubgraph({
    name: 'orders',
    config,
    typeDefs: loadTypeDefs(import.meta.url, '../schema.graphql'),
    resolvers,
    migrationsDir: MIGRATIONS_DIR,
    createClient: (adapter) =>
      new PrismaClient(prismaClientOptions(adapter)),
    setup: ({ prisma, reads, serviceTokens, telemetry, lifecycle }) => {
      const products = new ProductsClient(internalClient('products', config.saga.productsUrl, serviceTokens, config.saga));
      const payments = new PaymentsClient(internalClient('payments', config.saga.paymentsUrl, serviceTokens, config.saga));
      const relayFailed = backgroundErrorLog(telemetry.logger, 'outbox relay failed');
      const relay = new OutboxRelay(reads, pubsub, {
        intervalMs: config.outboxIntervalMs,
        lifecycle,
        onError: (error) => relayFailed(error),
      });
      const saga = new OrderSaga(prisma, reads, products, payments, {
        leaseMs: config.saga.leaseMs,
        onChange: (change) => {
          relay.nudge();
          if (change) recordSagaMetrics(telemetry.business, change);
        },
      });
      const recoveryFailed = backgroundErrorLog(telemetry.logger, 'order recovery failed');
      const recovery = new RecoveryWorker(prisma, saga, {
        intervalMs: config.saga.recoveryIntervalMs,
        leaseMs: config.saga.leaseMs,
        batchSize: config.saga.recoveryBatchSize,
        concurrency: config.saga.recoveryConcurrency,
        lifecycle,
        onError: (error, orderId) => recoveryFailed(error, { orderId }),
      });
      return {
        context: createContextFactory(prisma, reads, saga, pubsub, config.dataLoader),
        start: () => {
          recovery.start();
          relay.start();
        },
        stop: async () => {
          await Promise.all([recovery.stop(), relay.stop()]);
          await Promise.all([ownPubsub?.close(), products.client.close(), payments.client.close()]);
        },
        expose: { saga, recovery, relay, pubsub, breakers: { products: products.client.breaker, payments: payments.client.breaker } },
      };
    },
    seed: seedOrders,
    runSeed: options.seed,
    subscriptions: true,
  });
}

export { loadOrdersConfig, type OrdersConfig } from './config.js';
export { seedOrders } from './seed.js';
