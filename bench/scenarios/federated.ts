import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEMO_CUSTOMERS } from '@ordergraph/demo-data';
import { compareTargets, type Target } from '../lib/compare.js';
import { startStack, type Stack } from '../lib/deployed.js';
import type { ChildService } from '../lib/processes.js';
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

/** The short commit of a checkout, for the baseline row's label. */
const commitOf = (dir: string) => execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();

/**
 * The real subgraphs as deployed (each in its own process, production mode, PostgreSQL) behind
 * our gateway and behind stock @apollo/gateway; with BENCH_BASELINE_DIR, a second deployed stack
 * (gateway and subgraphs) from that checkout, same query and demo data, as the baseline row.
 */
export const federated: Scenario = {
  name: 'federated',
  async run(options) {
    const secrets = benchSecrets();
    const stacks: Stack[] = [];
    const gateways: ChildService[] = [];
    try {
      const ours = await startStack('deployed', secrets, options, {}, undefined, options.compiled ?? false);
      stacks.push(ours);
      const subgraphs = ours.processes.slice(1);
      const urls = Object.assign({}, ...subgraphs.map((s) => s.urls));
      const stock = await startGateway('stock', { urls }, secrets, options);
      gateways.push(stock);
      const targets: Target[] = [
        target('ours', ours.gateway, subgraphs, secrets),
        target('stock', stock, subgraphs, secrets),
      ];
      let baseline = 'stock';
      if (options.baselineDir) {
        const before = await startStack('deployed', secrets, options, {}, options.baselineDir);
        stacks.push(before);
        baseline = `baseline ${commitOf(options.baselineDir)}`;
        targets.push(target(baseline, before.gateway, before.processes.slice(1), secrets));
      }
      await sameAnswer(targets);
      const check = { module: fileURLToPath(import.meta.url), export: 'checkFederated', args: FIRST };
      return await compareTargets({
        scenario: 'federated',
        title: 'Federated read over the deployed subgraphs on PostgreSQL: ours vs stock @apollo/gateway' + (options.baselineDir ? ' vs a baseline checkout' : ''),
        description:
          `A nested query over all four subgraphs (products with inventory; orders with items → product → inventory, payment, customer; ${FIRST} of each), ` +
          `${options.connections} connections, ${options.rounds} alternating rounds of ${options.durationSeconds} s after ${options.warmupSeconds} s warm-up each. ` +
          'Each subgraph runs in its own process (NODE_ENV=production, PostgreSQL, demo data); both gateways share these subgraphs' +
          (options.baselineDir ? `; "${baseline}" is a second deployed stack (gateway and subgraphs) built from ${options.baselineDir}` : '') +
          '. Load comes from another process. CPU ms/request is the gateway process; the notes give each subgraph process. Median of rounds.',
        targets,
        check,
        options,
        baseline,
      });
    } finally {
      await Promise.all(gateways.map((g) => g.stop()));
      await Promise.all(stacks.map((s) => s.stop()));
    }
  },
};

function target(label: string, gateway: ChildService, subgraphs: ChildService[], secrets: Record<string, string>): Target {
  const kind = label === 'stock' ? 'stock' : 'ours';
  const body = JSON.stringify({ query: FEDERATED_QUERY, variables: { first: FIRST } });
  const identity = { customerId: admin.id, role: admin.role };
  return { label, service: gateway, processes: subgraphs, url: gateway.urls.gateway as string, body, headers: () => credentials(kind, identity, secrets) };
}

/** Same data, same query: every target must give the same answer before anything is measured. */
async function sameAnswer(targets: Target[]): Promise<void> {
  const answers = await Promise.all(targets.map(async (t) => JSON.stringify(await graphql(t.url, t.body, await t.headers()))));
  for (const [i, answer] of answers.entries()) {
    if (answer !== answers[0]) throw new Error(`${targets[0]!.label} and ${targets[i]!.label} disagree:\n${answers[0]!.slice(0, 500)}\n${answer.slice(0, 500)}`);
  }
}

/** The gateways alone: recording proxies replay the subgraphs' responses from memory (servers/replay.ts). */
export const federatedGateway: Scenario = {
  name: 'federated-gateway',
  async run(options) {
    const secrets = benchSecrets();
    const real = await startSubgraphs(secrets, options);
    const subgraphs = await startReplay(real);
    const ours = await startGateway('ours', subgraphs, secrets, options);
    const stock = await startGateway('stock', subgraphs, secrets, options);
    try {
      const targets = [target('ours', ours, [], secrets), target('stock', stock, [], secrets)];
      await sameAnswer(targets);
      const check = { module: fileURLToPath(import.meta.url), export: 'checkFederated', args: FIRST };
      return await compareTargets({
        scenario: 'federated-gateway',
        title: 'Federated read, gateway-bound: our gateway vs stock @apollo/gateway over recorded subgraph responses',
        description:
          'Subgraph responses are recorded once from the real subgraphs and then replayed from memory by a proxy process, so the gateways, not the databases, are the bottleneck. ' +
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
      await subgraphs.stop();
      await real.stop();
    }
  },
};
