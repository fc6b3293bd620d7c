// Database commands for every subgraph, using the same configuration as the services:
//   pnpm db:migrate   apply pending migrations (the same as `prisma migrate deploy`)
//   pnpm db:seed      migrate, then load demo data into empty databases (never in production, unless ALLOW_DEMO_ACCOUNTS=true)
//   pnpm db:reset     delete all data (PGlite directory or PostgreSQL schema); asks nothing, so never in production
import { rm } from 'node:fs/promises';
import pg from 'pg';
import { loadSubgraphCommonConfig } from '@ordergraph/core';
import { describeTarget, migrate, openDatabase, resolveDatabaseTarget } from '@ordergraph/db';

const env = process.env;
const command = process.argv[2];
// Checked before the services are loaded: demo data never goes into a production database by accident.
if (command === 'seed' && env.NODE_ENV === 'production' && !loadSubgraphCommonConfig(env, 0).allowDemoAccounts) {
  console.error('db:seed refuses to load demo data with NODE_ENV=production (set ALLOW_DEMO_ACCOUNTS=true for a demo deployment); create an admin with `pnpm admin:create`');
  process.exit(1);
}
const [accounts, orders, payments, products] = await Promise.all([
  import('@ordergraph/accounts'),
  import('@ordergraph/orders'),
  import('@ordergraph/payments'),
  import('@ordergraph/products'),
]);
const SERVICES = {
  accounts: { dir: accounts.MIGRATIONS_DIR, seed: async () => seedWith(await accounts.createAccountsService(accounts.loadAccountsConfig(env)), accounts.seedAccounts) },
  products: { dir: products.MIGRATIONS_DIR, seed: async () => seedWith(await products.createProductsService(products.loadProductsConfig(env)), products.seedProducts) },
  orders: { dir: orders.MIGRATIONS_DIR, seed: async () => seedWith(await orders.createOrdersService(orders.loadOrdersConfig(env)), orders.seedOrders) },
  payments: { dir: payments.MIGRATIONS_DIR, seed: async () => seedWith(await payments.createPaymentsService(payments.loadPaymentsConfig(env)), payments.seedPayments) },
};

async function seedWith<P>(service: { database: { prisma: P }; stop(): Promise<void> }, seed: (prisma: P) => Promise<number>) {
  try {
    return await seed(service.database.prisma);
  } finally {
    await service.stop();
  }
}

for (const [name, service] of Object.entries(SERVICES)) {
  const target = resolveDatabaseTarget(name, env);
  const where = describeTarget(target);
  switch (command) {
    case 'migrate': {
      const db = await openDatabase(target);
      try {
        const applied = await migrate(db, service.dir);
        console.log(`${name}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'} (${where})`);
      } finally {
        await db.close();
      }
      break;
    }
    case 'seed': {
      const inserted = await service.seed();
      console.log(`${name}: ${inserted ? `seeded ${inserted} rows` : 'already has data, left as is'} (${where})`);
      break;
    }
    case 'reset': {
      if (env.NODE_ENV === 'production') throw new Error('db:reset refuses to run with NODE_ENV=production');
      if (target.kind === 'pglite') {
        if (target.dataDir) await rm(target.dataDir, { recursive: true, force: true });
      } else {
        const client = new pg.Client({ connectionString: target.url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${target.schema}" CASCADE`).finally(() => client.end());
      }
      console.log(`${name}: reset (${where})`);
      break;
    }
    default:
      console.error('Usage: tsx scripts/db.ts <migrate|seed|reset>');
      process.exit(2);
  }
}
