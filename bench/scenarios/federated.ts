import { fileURLToPath } from 'node:url';
import { DEMO_CUSTOMERS } from '@ordergraph/demo-data';
import { compareTargets, type Target } from '../lib/compare.js';
import { benchSecrets, credentials, graphql, startGateway, startReplay, startSubgraphs } from '../lib/stack.js';
import type { Scenario } from './types.js';

/** A nested read over all four subgraphs: 5 subgraph fetches, ~90 entities per response. */
export const FEDERATED_QUERY = /* GraphQL */ `
  query FederatedRead($first: Int!) {
    products(first: $first) {
      edges { node { id name price { amount currency } inventory { available reserved } } }
    }
    orders(first: $first) {
      totalCount
      edges {
        node {
          id
          status
          total { amount currency }
          createdAt
          items { quantity unitPrice { amount } product { id name inventory { available } } }
          payment { status amount { amount } }
          customer { id email name }
        }
      }
    }
  }
`;

/** Every response must be the full page: products, orders, and for each order its items, payment and customer. */
export function checkFederated(data: any, first: number): string | null {
  if (data?.products?.edges?.length !== first) return `expected ${first} products`;
  if (data.orders?.edges?.length !== first) return `expected ${first} orders`;
  for (const { node } of data.orders.edges) {
    if (!node.customer?.email) return `order ${node.id} has no customer email`;
    if (!node.payment?.status) return `order ${node.id} has no payment`;
    if (!node.items?.length || node.items.some((i: any) => typeof i.product?.name !== 'string' || i.product.inventory == null)) {
      return `order ${node.id} has items without product data`;
    }
  }
  return null;
}

const admin = DEMO_CUSTOMERS.find((c) => c.role === 'ADMIN')!;
const FIRST = 10;

/**
 * @param replay put recording proxies between the gateways and the subgraphs, so that
 * the subgraphs' database work drops out and the gateways are the bottleneck.
 */
function federatedScenario(name: string, replay: boolean): Scenario {
  return {
  name,
  async run(options) {
    const secrets = benchSecrets();
    const real = await startSubgraphs(secrets, options);
    const proxies = replay ? await startReplay(real) : null;
    const subgraphs = proxies ?? real;
    const ours = await startGateway('ours', subgraphs, secrets, options);
    const stock = await startGateway('stock', subgraphs, secrets, options);
    try {
      const body = JSON.stringify({ query: FEDERATED_QUERY, variables: { first: FIRST } });
      const identity = { customerId: admin.id, role: admin.role };
      const targets: Target[] = [ours, stock].map((service, i) => {
        const kind = i === 0 ? 'ours' : 'stock';
        return { label: kind, service, url: service.urls.gateway as string, body, headers: () => credentials(kind, identity, secrets) };
      });
      // Same answer from both before measuring anything.
      const [a, b] = await Promise.all(targets.map(async (t) => graphql(t.url, body, await t.headers())));
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`ours and stock disagree:\n${JSON.stringify(a).slice(0, 500)}\n${JSON.stringify(b).slice(0, 500)}`);
      const check = { module: fileURLToPath(import.meta.url), export: 'checkFederated', args: FIRST };
      return await compareTargets({
        scenario: name,
        title: replay
          ? 'Federated read, gateway-bound: our gateway vs stock @apollo/gateway over recorded subgraph responses'
          : 'Federated read: our gateway vs stock @apollo/gateway',
        description:
          (replay
            ? 'Subgraph responses are recorded once from the real subgraphs and then replayed from memory by a proxy process, so the gateways, not the databases, are the bottleneck. '
            : '') +
          `A nested query over all four subgraphs (products with inventory; orders with items → product → inventory, payment, customer; ${FIRST} of each), ` +
          `${options.connections} connections, ${options.rounds} alternating rounds of ${options.durationSeconds} s after ${options.warmupSeconds} s warm-up each. ` +
          'Both gateways run in their own process over the same subgraph process and data; load comes from a third process. Median of rounds.',
        targets,
        check,
        options,
        baseline: 'stock',
      });
    } finally {
      await Promise.all([ours.stop(), stock.stop()]);
      await proxies?.stop();
      await real.stop();
    }
  },
  };
}

export const federated = federatedScenario('federated', false);
export const federatedGateway = federatedScenario('federated-gateway', true);
