// Benchmark child process: the four subgraphs on in-memory PGlite (or PostgreSQL when
// BENCH_DATABASE_URL is set), seeded with the demo data plus optional bulk orders.
// Usage (forked by bench/lib): subgraphs.ts [--bulk-orders=N] [--items-per-order=M]
import { createAccountsService, loadAccountsConfig } from '@ordergraph/accounts';
import { createOrdersService, loadOrdersConfig } from '@ordergraph/orders';
import { createPaymentsService, loadPaymentsConfig } from '@ordergraph/payments';
import { createProductsService, loadProductsConfig } from '@ordergraph/products';
import { insertBulkOrders } from '../lib/bulkData.js';
import { announceFailure, announceReady, serveRequests } from '../lib/ipc.js';
import { countGraphqlRequests } from '../lib/requestCounter.js';

const arg = (name: string, fallback: number) => {
  const raw = process.argv.find((a) => a.startsWith(`--${name}=`));
  return raw ? Number(raw.split('=')[1]) : fallback;
};

const graphqlRequests = countGraphqlRequests();

try {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'production',
    IDENTITY_SECRET: process.env.IDENTITY_SECRET,
    JWT_SECRET: process.env.JWT_SECRET,
    SERVICE_TOKEN_SECRET: process.env.SERVICE_TOKEN_SECRET,
    JWT_SIGNING_KEYS: process.env.JWT_SIGNING_KEYS,
    FIELD_RATE_LIMITS: process.env.FIELD_RATE_LIMITS,
    PAYMENT_LATENCY_MS: process.env.PAYMENT_LATENCY_MS,
    // The benchmark is a demo deployment: demo data and the simulated provider, explicitly allowed.
    ALLOW_DEMO_ACCOUNTS: 'true',
    PAYMENT_PROVIDER: 'simulator',
    PAYMENT_SIMULATOR_IN_PRODUCTION: 'true',
    SAGA_CALL_TIMEOUT_MS: process.env.SAGA_CALL_TIMEOUT_MS,
    LOG_LEVEL: process.env.LOG_LEVEL,
    REDIS_URL: process.env.REDIS_URL,
    REDIS_KEY_PREFIX: process.env.REDIS_KEY_PREFIX,
    HOST: '127.0.0.1',
    PORT: '0',
    // Four services in one process: metrics on each one's API port, not on one shared METRICS_PORT.
    METRICS_PORT: 'api',
    DATALOADER_BATCHING: process.env.DATALOADER_BATCHING ?? 'true',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_SCHEMA_PREFIX: `bench${process.pid}_` } : { DATA_DIR: ':memory:' }),
  };
  const urls: Record<string, string> = {};
  const started = async <S extends { start(port: number, host?: string): Promise<string> }>(name: string, service: S) => {
    urls[name] = (await service.start(0, '127.0.0.1')).replace('//localhost:', '//127.0.0.1:');
    return service;
  };
  // Orders calls products and payments (the order saga), so it is built once their URLs are known.
  const accounts = await started('accounts', await createAccountsService(loadAccountsConfig(env), { seed: true }));
  const products = await started('products', await createProductsService(loadProductsConfig(env), { seed: true }));
  const payments = await started('payments', await createPaymentsService(loadPaymentsConfig(env), { seed: true }));
  const orders = await createOrdersService(loadOrdersConfig({ ...env, PRODUCTS_URL: urls.products, PAYMENTS_URL: urls.payments }), { seed: true });
  const services = { accounts, products, orders, payments };
  const bulkOrders = await insertBulkOrders(services, { orders: arg('bulk-orders', 0), itemsPerOrder: arg('items-per-order', 3) });
  await started('orders', orders);
  serveRequests({
    'bulk-orders': () => bulkOrders,
    statements: () => Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.database.stats.statements])),
    counters: () => ({ statements: Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.database.stats.statements])), graphql: graphqlRequests() }),
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
