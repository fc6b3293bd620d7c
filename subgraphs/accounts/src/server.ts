import { fileURLToPath } from 'node:url';
import { createPrismaSubgraph, loadTypeDefs } from '@ordergraph/server';
import type { AccountsConfig } from './config.js';
import { createContextFactory } from './context.js';
import { PrismaClient } from './generated/prisma/client.js';
import { resolvers } from './resolvers/index.js';
import { seedAccounts } from './seed.js';
import { AuthService } from './services/auth.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../prisma/accounts/migrations', import.meta.url));

/** Build the accounts subgraph (identity: customers, sign-up and sign-in) without binding a port. */
export function createAccountsService(config: AccountsConfig, options: { seed?: boolean } = {}) {
  return createPrismaSubgraph({
    name: 'accounts',
    config,
    typeDefs: loadTypeDefs(import.meta.url, '../schema.graphql'),
    resolvers,
    migrationsDir: MIGRATIONS_DIR,
    createClient: (adapter) => new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] }),
    setup: ({ prisma }) => ({ context: createContextFactory(prisma, new AuthService(prisma, config.jwt)) }),
    seed: seedAccounts,
    runSeed: options.seed,
  });
}

export { loadAccountsConfig, type AccountsConfig } from './config.js';
export { seedAccounts } from './seed.js';
