import { prismaClientOptions } from '@ordergraph/db';
import { migrationsDir } from '@ordergraph/prisma';
import { createPrismaSubgraph, loadTypeDefs } from '@ordergraph/subgraph';
import type { ProductsConfig } from './config.js';
import { createContextFactory } from './context.js';
import { PrismaClient } from './generated/prisma/client.js';
import { resolvers } from './resolvers/index.js';
import { seedProducts } from './seed.js';
import { readStock } from './services/stockMetrics.js';

export const MIGRATIONS_DIR = migrationsDir('products');

/** Build the products subgraph (catalog and inventory) without binding a port. */
export function createProductsService(config: ProductsConfig, options: { seed?: boolean } = {}) {
  return createPrismaSubgraph({
    name: 'products',
    config,
    typeDefs: loadTypeDefs(import.meta.url, '../schema.graphql'),
    resolvers,
    migrationsDir: MIGRATIONS_DIR,
    createClient: (adapter) =>
      new PrismaClient(prismaClientOptions(adapter)),
    setup: ({ prisma, reads, telemetry }) => {
      telemetry.business.trackStock(readStock(prisma));
      return { context: createContextFactory(prisma, reads, config.dataLoader) };
    },
    seed: seedProducts,
    runSeed: options.seed,
  });
}

export { loadProductsConfig, type ProductsConfig } from './config.js';
export { seedProducts } from './seed.js';
