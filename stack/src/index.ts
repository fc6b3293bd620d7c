import { createAccountsService, loadAccountsConfig } from '@ordergraph/accounts';
import { createGateway, loadGatewayConfig, type Gateway } from '@ordergraph/gateway';
import { createOrdersService, loadOrdersConfig } from '@ordergraph/orders';
import { createPaymentsService, loadPaymentsConfig } from '@ordergraph/payments';
import { createProductsService, loadProductsConfig } from '@ordergraph/products';
import { createPubSub, type PubSub } from '@ordergraph/pubsub';

type Env = Record<string, string | undefined>;

export interface StackOptions {
  /** Environment the services read their configuration from. */
  env: Env;
  /** Bind every service to a free port instead of its configured one. @default false */
  randomPorts?: boolean;
  /** Load demo data into empty databases. @default false */
  seed?: boolean;
}

type SubgraphService =
  | Awaited<ReturnType<typeof createAccountsService>>
  | Awaited<ReturnType<typeof createProductsService>>
  | Awaited<ReturnType<typeof createOrdersService>>
  | Awaited<ReturnType<typeof createPaymentsService>>;

export interface Stack {
  gatewayUrl: string;
  /** Order events (Redis when REDIS_URL is set, else in-process), shared by orders and the gateway. */
  pubsub: PubSub;
  gateway: Gateway;
  subgraphs: {
    accounts: Awaited<ReturnType<typeof createAccountsService>>;
    products: Awaited<ReturnType<typeof createProductsService>>;
    orders: Awaited<ReturnType<typeof createOrdersService>>;
    payments: Awaited<ReturnType<typeof createPaymentsService>>;
  };
  /** Stop the gateway first, then the subgraphs; releases every database. */
  stop(): Promise<void>;
}

/**
 * Build and start the whole platform in this process: the four subgraphs, then the
 * gateway wired to wherever they listen. `pnpm dev` and the end-to-end tests use it.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { env, randomPorts = false, seed = false } = options;
  // Five services in one process cannot share a metrics port: with random ports, each gets its
  // own free one too (unless metrics are explicitly served on the API port).
  const ports = (port: string): Env => (randomPorts ? { PORT: '0', ...(env.METRICS_PORT !== 'api' && (env.METRICS_PORT !== undefined || env.NODE_ENV === 'production') ? { METRICS_PORT: '0' } : {}) } : { PORT: port });
  const subgraphEnv = (port: number): Env => ({ ...env, ...ports(String(port)) });
  const accountsConfig = loadAccountsConfig(subgraphEnv(4001));
  const productsConfig = loadProductsConfig(subgraphEnv(4002));
  const paymentsConfig = loadPaymentsConfig(subgraphEnv(4004));
  const started: SubgraphService[] = [];
  const pubsub = createPubSub({ redisUrl: env.REDIS_URL, prefix: env.REDIS_KEY_PREFIX ?? 'ordergraph:' });
  const stopAll = async () => {
    await Promise.all(started.map((s) => s.stop()));
    await pubsub.close();
  };
  const urls: Env = {};
  const launch = async <S extends SubgraphService>(name: string, build: Promise<S>, config: { port: number; host: string }) => {
    const service = await build;
    started.push(service);
    const url = await service.start(config.port, config.host);
    // In-process wiring goes over IPv4 loopback whatever address the service bound.
    urls[`SUBGRAPH_URL_${name.toUpperCase()}`] = url.replace('//localhost:', '//127.0.0.1:');
    return service;
  };
  try {
    // Orders calls products and payments (the saga), so it starts once their URLs are known.
    const [accounts, products, payments] = await Promise.all([
      launch('accounts', createAccountsService(accountsConfig, { seed }), accountsConfig),
      launch('products', createProductsService(productsConfig, { seed }), productsConfig),
      launch('payments', createPaymentsService(paymentsConfig, { seed }), paymentsConfig),
    ]);
    const ordersConfig = loadOrdersConfig({
      ...subgraphEnv(4003),
      PRODUCTS_URL: env.PRODUCTS_URL ?? urls.SUBGRAPH_URL_PRODUCTS,
      PAYMENTS_URL: env.PAYMENTS_URL ?? urls.SUBGRAPH_URL_PAYMENTS,
    });
    const orders = await launch('orders', createOrdersService(ordersConfig, { seed, pubsub }), ordersConfig);
    const subgraphs = { accounts, products, orders, payments };
    // A SUBGRAPH_URL_<NAME> set in the environment wins: that subgraph is served elsewhere.
    const gatewayConfig = loadGatewayConfig({ ...urls, ...env, ...(randomPorts ? ports('0') : {}) });
    const gateway = createGateway(gatewayConfig);
    const gatewayUrl = await gateway.start(gatewayConfig.port, gatewayConfig.host);
    return {
      gatewayUrl,
      pubsub,
      gateway,
      subgraphs,
      stop: async () => {
        await gateway.stop();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
