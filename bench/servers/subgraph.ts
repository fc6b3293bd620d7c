// Benchmark child process: ONE subgraph, as deployed (its own process, NODE_ENV=production,
// PostgreSQL from DATABASE_URL + DATABASE_SCHEMA_PREFIX, secrets from the environment).
// Usage (forked by bench/lib/deployed.ts): subgraph.ts accounts|products|orders|payments
import { createAccountsService, loadAccountsConfig } from '@ordergraph/accounts';
import { createOrdersService, loadOrdersConfig } from '@ordergraph/orders';
import { createPaymentsService, loadPaymentsConfig } from '@ordergraph/payments';
import { createProductsService, loadProductsConfig } from '@ordergraph/products';
import { announceFailure, announceReady, serveRequests } from '../lib/ipc.js';
import { countGraphqlRequests } from '../lib/requestCounter.js';

const name = process.argv[2];
const env = { ...process.env, HOST: '127.0.0.1', PORT: '0' };

const graphqlRequests = countGraphqlRequests();

async function build() {
  switch (name) {
    case 'accounts':
      return createAccountsService(loadAccountsConfig(env), { seed: true });
    case 'products':
      return createProductsService(loadProductsConfig(env), { seed: true });
    case 'payments':
      return createPaymentsService(loadPaymentsConfig(env), { seed: true });
    case 'orders':
      return createOrdersService(loadOrdersConfig(env), { seed: true });
    default:
      throw new Error(`usage: subgraph.ts accounts|products|orders|payments (received ${name})`);
  }
}

try {
  const service = await build();
  const url = (await service.start(0, '127.0.0.1')).replace('//localhost:', '//127.0.0.1:');
  serveRequests({
    counters: () => ({ statements: service.database.stats.statements, graphql: graphqlRequests() }),
  });
  process.once('SIGTERM', () => void service.stop().finally(() => process.exit(0)));
  announceReady({ [name as string]: url });
} catch (error) {
  announceFailure(error);
  process.exit(1);
}
