import { fileURLToPath } from 'node:url';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '@ordergraph/demo-data';
import { runLoad } from '../lib/load.js';
import type { BenchOptions } from '../lib/options.js';
import type { OrderAudit } from '../lib/orderAudit.js';
import { benchSecrets, credentials, startGateway, startSubgraphs } from '../lib/stack.js';
import { round } from '../lib/stats.js';
import type { Scenario } from './types.js';

const CREATE = 'mutation Create($input: CreateOrderInput!) { createOrder(input: $input) { id status failureReason } }';
const CONCURRENCY = Number(process.env.BENCH_ORDER_CONNECTIONS ?? 50);
const customer = DEMO_CUSTOMERS[1]!;

/** Every createOrder must end CONFIRMED, or (when demand exceeds stock on purpose) FAILED with OUT_OF_STOCK. */
export function checkOrder(data: any, allowOutOfStock: boolean): string | null {
  const order = data?.createOrder;
  if (order?.status === 'CONFIRMED') return null;
  if (allowOutOfStock && order?.status === 'FAILED' && order.failureReason === 'OUT_OF_STOCK') return null;
  return `order ${order?.id} ended ${order?.status} (${order?.failureReason})`;
}

const body = (productId: string) => JSON.stringify({ query: CREATE, variables: { input: { items: [{ productId, quantity: 1 }], paymentMethod: 'tok_visa' } } });

interface Case {
  name: string;
  products: string[];
  stock: number;
  allowOutOfStock: boolean;
}

const CASES: Case[] = [
  { name: 'hot product', products: [DEMO_PRODUCTS[0]!.id], stock: 1_000_000, allowOutOfStock: false },
  { name: 'spread over 60 products', products: DEMO_PRODUCTS.map((p) => p.id), stock: 1_000_000, allowOutOfStock: false },
  // Demand far above stock: most orders must fail OUT_OF_STOCK and exactly `stock` be sold.
  { name: 'oversell attempt (stock 100)', products: [DEMO_PRODUCTS[1]!.id], stock: 100, allowOutOfStock: true },
];

async function runCase(options: BenchOptions, c: Case) {
  // At saturation the saga's internal calls queue up: a long call timeout lets the benchmark
  // measure throughput and latency instead of the breaker shedding load (the production default is 3 s).
  const secrets = { ...benchSecrets(), SAGA_CALL_TIMEOUT_MS: '30000' };
  const subgraphs = await startSubgraphs(secrets, options);
  const gateway = await startGateway('ours', subgraphs, secrets, options);
  try {
    const headers = await credentials('ours', { customerId: customer.id, role: customer.role }, secrets);
    // The load stops with sagas still running on the server: wait until every order is final.
    const settled = async () => {
      let audit = await subgraphs.request<OrderAudit>('orders-audit');
      for (let i = 0; i < 120 && ['PENDING', 'RESERVED', 'PAID'].some((s) => audit.orders[s]); i++) {
        await new Promise((r) => setTimeout(r, 250));
        audit = await subgraphs.request<OrderAudit>('orders-audit');
      }
      return audit;
    };
    const job = {
      url: gateway.urls.gateway as string,
      body: body(c.products[0]!),
      bodies: c.products.map(body),
      headers,
      connections: CONCURRENCY,
      check: { module: fileURLToPath(import.meta.url), export: 'checkOrder', args: c.allowOutOfStock },
    };
    if (options.warmupSeconds > 0 && !c.allowOutOfStock) {
      await subgraphs.request('orders-prepare', { productIds: c.products, stock: c.stock });
      await runLoad({ ...job, durationSeconds: options.warmupSeconds });
      await settled();
    }
    await subgraphs.request('orders-prepare', { productIds: c.products, stock: c.stock });
    const load = await runLoad({ ...job, durationSeconds: options.durationSeconds }, () => gateway.rss());
    const audit = await settled();
    if (load.failed > 0) throw new Error(`orders (${c.name}): ${load.failed} responses failed: ${load.firstFailure}`);
    const confirmed = audit.orders.CONFIRMED ?? 0;
    const problems = [
      audit.oversold > 0 && `${audit.oversold} products oversold`,
      audit.heldAfterRun > 0 && `${audit.heldAfterRun} units still reserved`,
      audit.stockMismatches > 0 && `${audit.stockMismatches} products whose stock does not match what was sold`,
      audit.capturedPayments !== confirmed && `${audit.capturedPayments} captured payments for ${confirmed} confirmed orders`,
      audit.paymentsPerOrderMax > 1 && 'an order with more than one payment',
      confirmed > c.stock && `${confirmed} confirmed with stock ${c.stock}`,
      // Once anything was refused for stock, the stock must have been sold out exactly.
      (audit.orders.FAILED ?? 0) > 0 && confirmed !== c.stock && `${confirmed} confirmed with stock ${c.stock} although orders were refused`,
    ].filter(Boolean);
    if (problems.length) throw new Error(`orders (${c.name}): ${problems.join('; ')}`);
    console.log(`  orders ${c.name}: ${round(load.rps, 1)} req/s, ${round(confirmed / options.durationSeconds, 1)} confirmed/s, p99 ${round(load.latencyMs.p99)} ms`);
    return { name: c.name, load, audit, confirmedPerSecond: confirmed / options.durationSeconds };
  } finally {
    await gateway.stop();
    await subgraphs.stop();
  }
}

/** createOrder through the gateway at concurrency 50, then an audit of stock, orders and payments. */
export const orders: Scenario = {
  name: 'orders',
  async run(options) {
    const results = [];
    for (const c of CASES) results.push(await runCase(options, c));
    const database = options.databaseUrl ? 'PostgreSQL' : 'in-memory PGlite (set BENCH_DATABASE_URL for PostgreSQL)';
    return {
      scenario: 'orders',
      title: 'Orders: createOrder throughput and latency through the gateway, with an oversell audit',
      description:
        `createOrder of 1 unit with tok_visa, ${CONCURRENCY} connections for ${options.durationSeconds} s per case, one customer, on ${database}. ` +
        'Each order runs the full saga (reserve → charge → confirm) across products and payments. After each run the subgraphs ' +
        'audit stock (before − sold = available + reserved, nothing reserved, nothing negative) and payments (one per order, ' +
        'captured exactly for confirmed orders).',
      table: {
        columns: ['case', 'requests/s', 'confirmed/s', 'p50 ms', 'p95 ms', 'p99 ms', 'orders by status', 'oversold', 'held after', 'captured = confirmed'],
        rows: results.map((r) => [
          r.name,
          round(r.load.rps, 1),
          round(r.confirmedPerSecond, 1),
          round(r.load.latencyMs.p50),
          round(r.load.latencyMs.p95),
          round(r.load.latencyMs.p99),
          Object.entries(r.audit.orders).map(([k, v]) => `${k} ${v}`).join(', '),
          r.audit.oversold,
          r.audit.heldAfterRun,
          r.audit.capturedPayments === (r.audit.orders.CONFIRMED ?? 0) ? 'yes' : 'NO',
        ]),
      },
      notes: [
        `Target ≥ 300 confirmed orders/s: ${results.filter((r) => !r.name.startsWith('oversell')).map((r) => `${r.name} ${round(r.confirmedPerSecond, 1)}/s`).join(', ')}.`,
        'Every audit passed: no oversell, nothing left reserved, one payment per order, captures = confirmations.',
      ],
      charts: [
        { title: 'Confirmed orders per second', unit: 'orders/s', groups: results.map((r) => r.name), series: [{ name: 'ours', values: results.map((r) => round(r.confirmedPerSecond, 1)) }] },
        { title: 'Latency', unit: 'ms', groups: ['p50', 'p95', 'p99'], series: results.map((r) => ({ name: r.name, values: [round(r.load.latencyMs.p50), round(r.load.latencyMs.p95), round(r.load.latencyMs.p99)] })) },
      ],
      raw: results,
    };
  },
};
