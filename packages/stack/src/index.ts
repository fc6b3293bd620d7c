import { createAccountsService, loadAccountsConfig } from '@ordergraph/accounts';
import { createGateway, loadGatewayConfig, type Gateway } from '@ordergraph/gateway';
import { createOrdersService, loadOrdersConfig } from '@ordergraph/orders';
import { createPaymentsService, loadPaymentsConfig } from '@ordergraph/payments';
import { createProductsService, loadProductsConfig } from '@ordergraph/products';

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
  const subgraphEnv = (port: number): Env => ({ ...env, PORT: randomPorts ? '0' : String(port) });
  const accountsConfig = loadAccountsConfig(subgraphEnv(4001));
  const productsConfig = loadProductsConfig(subgraphEnv(4002));
  const ordersConfig = loadOrdersConfig(subgraphEnv(4003));
  const paymentsConfig = loadPaymentsConfig(subgraphEnv(4004));
  const built = await Promise.allSettled([
    createAccountsService(accountsConfig, { seed }),
    createProductsService(productsConfig, { seed }),
    createOrdersService(ordersConfig, { seed }),
    createPaymentsService(paymentsConfig, { seed }),
  ]);
  const failed = built.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all(built.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    throw failed.reason;
  }
  const [accounts, products, orders, payments] = built.map((r) => (r as PromiseFulfilledResult<SubgraphService>).value) as [
    Stack['subgraphs']['accounts'],
    Stack['subgraphs']['products'],
    Stack['subgraphs']['orders'],
    Stack['subgraphs']['payments'],
  ];
  const subgraphs = { accounts, products, orders, payments };
  const configs = { accounts: accountsConfig, products: productsConfig, orders: ordersConfig, payments: paymentsConfig };
  const urls: Env = {};
  try {
    for (const [name, service] of Object.entries(subgraphs)) {
      const config = configs[name as keyof typeof configs];
      const url = await service.start(config.port, config.host);
      // In-process wiring goes over IPv4 loopback whatever address the service bound.
      urls[`SUBGRAPH_URL_${name.toUpperCase()}`] = url.replace('//localhost:', '//127.0.0.1:');
    }
    const gatewayConfig = loadGatewayConfig({ ...env, ...urls, ...(randomPorts ? { PORT: '0' } : {}) });
    const gateway = createGateway(gatewayConfig);
    const gatewayUrl = await gateway.start(gatewayConfig.port, gatewayConfig.host);
    return {
      gatewayUrl,
      gateway,
      subgraphs,
      stop: async () => {
        await gateway.stop();
        await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
      },
    };
  } catch (error) {
    await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
    throw error;
  }
}
