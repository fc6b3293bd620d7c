import { prismaClientOptions } from '@ordergraph/db';
import { migrationsDir } from '@ordergraph/prisma';
import { createPrismaSubgraph, loadTypeDefs } from '@ordergraph/subgraph';
import type { PaymentsConfig } from './config.js';
import { createContextFactory } from './context.js';
import { PrismaClient } from './generated/prisma/client.js';
import { resolvers } from './resolvers/index.js';
import { seedPayments } from './seed.js';
import type { PaymentProvider } from './services/PaymentProvider.js';
import { PaymentService } from './services/PaymentService.js';
import { SimulatedProvider } from './services/SimulatedProvider.js';
import { createStripeClient, StripeProvider } from './services/StripeProvider.js';
import { createStripeWebhookHandler, STRIPE_WEBHOOK_PATH } from './services/stripeWebhook.js';

export const MIGRATIONS_DIR = migrationsDir('payments');

/** Build the payments subgraph (payments of orders) without binding a port. */
export function createPaymentsService(config: PaymentsConfig, options: { seed?: boolean } = {}) {
  const provider: PaymentProvider =
    config.provider.kind === 'stripe' ? new StripeProvider(createStripeClient(config.provider.options)) : new SimulatedProvider(config.provider.options);
  return createPrismaSubgraph({
    name: 'payments',
    config,
    typeDefs: loadTypeDefs(import.meta.url, '../schema.graphql'),
    resolvers,
    migrationsDir: MIGRATIONS_DIR,
    createClient: (adapter) =>
      new PrismaClient(prismaClientOptions(adapter)),
    setup: ({ prisma, reads, telemetry }) => {
      const payments = new PaymentService(reads, provider);
      const webhook = config.provider.kind === 'stripe' ? config.provider.webhook : null;
      return {
        context: createContextFactory(prisma, reads, payments, config.dataLoader),
        expose: { provider, payments },
        postRoutes: webhook
          ? { [STRIPE_WEBHOOK_PATH]: createStripeWebhookHandler(prisma, payments, { ...webhook, log: telemetry.logger }) }
          : undefined,
      };
    },
    seed: seedPayments,
    runSeed: options.seed,
  });
}

export { loadPaymentsConfig, type PaymentsConfig } from './config.js';
export { seedPayments } from './seed.js';
export type { PaymentProvider } from './services/PaymentProvider.js';
