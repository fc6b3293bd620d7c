import { fileURLToPath } from 'node:url';
import { createPrismaSubgraph, loadTypeDefs } from '@ordergraph/server';
import type { OrdersConfig } from './config.js';
import { createContextFactory } from './context.js';
import { PrismaClient } from './generated/prisma/client.js';
import { resolvers } from './resolvers/index.js';
import { seedOrders } from './seed.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../prisma/orders/migrations', import.meta.url));

/** Build the orders subgraph (orders and their items) without binding a port. */
export function createOrdersService(config: OrdersConfig, options: { seed?: boolean } = {}) {
  return createPrismaSubgraph({
    name: 'orders',
    config,
    typeDefs: loadTypeDefs(import.meta.url, '../schema.graphql'),
    resolvers,
    migrationsDir: MIGRATIONS_DIR,
    createClient: (adapter) => new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] }),
    context: (prisma) => createContextFactory(prisma, config.dataLoader),
    seed: seedOrders,
    runSeed: options.seed,
  });
}

export { loadOrdersConfig, type OrdersConfig } from './config.js';
export { seedOrders } from './seed.js';
