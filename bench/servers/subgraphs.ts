// Benchmark child process: the four subgraphs on in-memory PGlite (or PostgreSQL when
// BENCH_DATABASE_URL is set), seeded with the demo data plus optional bulk orders.
// Usage (forked by bench/lib): subgraphs.ts [--bulk-orders=N] [--items-per-order=M]
import { createAccountsService, loadAccountsConfig } from '@ordergraph/accounts';
import { createOrdersService, loadOrdersConfig } from '@ordergraph/orders';
import { createPaymentsService, loadPaymentsConfig } from '@ordergraph/payments';
import { createProductsService, loadProductsConfig } from '@ordergraph/products';
import { insertBulkOrders } from '../lib/bulkData.js';
import { announceFailure, announceReady, serveRequests } from '../lib/ipc.js';

const arg = (name: string, fallback: number) => {
  const raw = process.argv.find((a) => a.startsWith(`--${name}=`));
  return raw ? Number(raw.split('=')[1]) : fallback;
};

try {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'production',
    IDENTITY_SECRET: process.env.IDENTITY_SECRET,
    JWT_SECRET: process.env.JWT_SECRET,
    HOST: '127.0.0.1',
    PORT: '0',
    DATALOADER_BATCHING: process.env.DATALOADER_BATCHING ?? 'true',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_SCHEMA_PREFIX: `bench${process.pid}_` } : { DATA_DIR: ':memory:' }),
  };
  const services = {
    accounts: await createAccountsService(loadAccountsConfig(env), { seed: true }),
    products: await createProductsService(loadProductsConfig(env), { seed: true }),
    orders: await createOrdersService(loadOrdersConfig(env), { seed: true }),
    payments: await createPaymentsService(loadPaymentsConfig(env), { seed: true }),
  };
  await insertBulkOrders(services, { orders: arg('bulk-orders', 0), itemsPerOrder: arg('items-per-order', 3) });
  const urls: Record<string, string> = {};
  for (const [name, service] of Object.entries(services)) {
    urls[name] = (await service.start(0, '127.0.0.1')).replace('//localhost:', '//127.0.0.1:');
  }
  serveRequests({
    statements: () => Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.database.stats.statements])),
  });
  const stop = async () => {
    await Promise.all(Object.values(services).map((s) => s.stop()));
    if (databaseUrl) await dropSchemas(databaseUrl, env.DATABASE_SCHEMA_PREFIX as string);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  announceReady(urls);
} catch (error) {
  announceFailure(error);
  process.exit(1);
}

async function dropSchemas(url: string, prefix: string) {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const name of ['accounts', 'products', 'orders', 'payments']) await client.query(`DROP SCHEMA IF EXISTS "${prefix}${name}" CASCADE`);
  await client.end();
}
