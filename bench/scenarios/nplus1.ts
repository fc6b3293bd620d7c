import { fileURLToPath } from 'node:url';
import { DEMO_CUSTOMERS } from '@ordergraph/demo-data';
import { runLoad } from '../lib/load.js';
import type { BenchOptions } from '../lib/options.js';
import { benchSecrets, credentials, graphql, startGateway, startSubgraphs } from '../lib/stack.js';
import { round } from '../lib/stats.js';
import type { Scenario } from './types.js';

const ITEMS_PER_ORDER = 10;
/** List sizes, counted in order items (each resolves a product and its inventory). */
const SIZES = [10, 100, 1000];

const QUERY = /* GraphQL */ `
  query Lines($first: Int!) {
    orders(first: $first) {
      edges { node { id items { quantity product { name inventory { available } } } payment { status } customer { email } } }
    }
  }
`;

export function checkLines(data: any, items: number): string | null {
  const edges = data?.orders?.edges ?? [];
  const lines = edges.reduce((n: number, e: any) => n + (e.node.items?.length ?? 0), 0);
  if (lines !== items) return `expected ${items} order items, got ${lines}`;
  const bad = edges.find((e: any) => !e.node.payment || !e.node.customer?.email || e.node.items.some((i: any) => typeof i.product?.name !== 'string'));
  return bad ? `order ${bad.node.id} is missing data` : null;
}

const admin = DEMO_CUSTOMERS.find((c) => c.role === 'ADMIN')!;
type Counts = Record<string, number>;

async function measure(options: BenchOptions, batching: boolean) {
  const secrets = benchSecrets();
  // 100 bulk orders × 10 items, newest first: `orders(first: n / 10)` lists exactly n items.
  const subgraphs = await startSubgraphs(secrets, options, { bulkOrders: 100, itemsPerOrder: ITEMS_PER_ORDER, batching });
  const gateway = await startGateway('ours', subgraphs, secrets, options);
  try {
    const rows = [];
    for (const items of SIZES) {
      const body = JSON.stringify({ query: QUERY, variables: { first: items / ITEMS_PER_ORDER } });
      const headers = await credentials('ours', { customerId: admin.id, role: admin.role }, secrets);
      await graphql(gateway.urls.gateway as string, body, headers); // warm the plan and caches
      const before = await subgraphs.request<Counts>('statements');
      const single = await graphql(gateway.urls.gateway as string, body, headers);
      const after = await subgraphs.request<Counts>('statements');
      const problem = single.errors ? JSON.stringify(single.errors) : checkLines(single.data, items);
      if (problem) throw new Error(`N+1 ${items} items (batching ${batching}): ${problem}`);
      const statements = Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));
      const load = await runLoad({
        url: gateway.urls.gateway as string,
        body,
        headers,
        connections: 4,
        durationSeconds: Math.min(options.durationSeconds, 5),
        check: { module: fileURLToPath(import.meta.url), export: 'checkLines', args: items },
      });
      if (load.failed > 0) throw new Error(`N+1 ${items} items: ${load.failed} responses failed: ${load.firstFailure}`);
      const total = Object.values(statements).reduce((a, b) => a + b, 0);
      console.log(`  nplus1 batching=${batching} ${items} items: ${total} statements, p50 ${round(load.latencyMs.p50)} ms`);
      rows.push({ items, batching, statements, total, rps: load.rps, p50: load.latencyMs.p50, p99: load.latencyMs.p99 });
    }
    return rows;
  } finally {
    await gateway.stop();
    await subgraphs.stop();
  }
}

export const nplus1: Scenario = {
  name: 'nplus1',
  async run(options) {
    const on = await measure(options, true);
    const off = await measure(options, false);
    const all = [...on, ...off];
    const constant = new Set(on.map((r) => r.total)).size === 1;
    return {
      scenario: 'nplus1',
      title: 'N+1: SQL statements and latency per list size, DataLoader batching on vs off',
      description:
        'Orders with 10 items each; each item resolves its product and inventory (products subgraph), each order its payment and customer. ' +
        'Statements counted by Prisma query events in the subgraphs for one request; latency from a 4-connection run of up to 5 s through our gateway. ' +
        'Batching off = `DATALOADER_BATCHING=false` (benchmark only); the per-request DataLoader cache stays on, so repeated keys ' +
        '(60 distinct products, 3 customers in the data) are still loaded once each.',
      table: {
        columns: ['order items', 'DataLoader', 'SQL statements (accounts/products/orders/payments)', 'total', 'p50 ms', 'p99 ms', 'RPS'],
        rows: all.map((r) => [
          r.items,
          r.batching ? 'on' : 'off',
          ['accounts', 'products', 'orders', 'payments'].map((k) => r.statements[k] ?? 0).join(' / '),
          r.total,
          round(r.p50),
          round(r.p99),
          round(r.rps, 1),
        ]),
      },
      notes: [constant ? 'With batching on, the statement count is the same for every list size.' : 'WARNING: with batching on, the statement count changes with the list size.'],
      charts: [
        { title: 'SQL statements per request', unit: 'statements', groups: SIZES.map(String), series: [{ name: 'batching on', values: on.map((r) => r.total) }, { name: 'batching off', values: off.map((r) => r.total) }] },
        { title: 'p50 latency', unit: 'ms', groups: SIZES.map(String), series: [{ name: 'batching on', values: on.map((r) => round(r.p50)) }, { name: 'batching off', values: off.map((r) => round(r.p50)) }] },
      ],
      raw: all,
    };
  },
};
