import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DEMO_PRODUCTS } from '@ordergraph/demo-data';
import { PostgresCpu } from '../lib/cpuSampler.js';
import { startStack, type Stack, type Topology } from '../lib/deployed.js';
import { runLoad } from '../lib/load.js';
import type { BenchOptions } from '../lib/options.js';
import { OrderAuditor, type OrderAudit } from '../lib/orderAudit.js';
import { benchSecrets, credentials } from '../lib/stack.js';
import { RESULTS_DIR } from '../lib/report.js';
import { round } from '../lib/stats.js';
import type { Scenario } from './types.js';

const CREATE = 'mutation Create($input: CreateOrderInput!) { createOrder(input: $input) { id status failureReason } }';
const CONCURRENCY = Number(process.env.BENCH_ORDER_CONNECTIONS ?? 50);
/** Customers per case: createOrder allows 30 per customer and minute (production default), so the load is spread. */
const CUSTOMERS = Number(process.env.BENCH_ORDER_CUSTOMERS ?? 1000);

/** Every createOrder must end CONFIRMED, or (when demand exceeds stock on purpose) FAILED with OUT_OF_STOCK. */
export function checkOrder(data: any, allowOutOfStock: boolean): string | null {
  const order = data?.createOrder;
  if (order?.status === 'CONFIRMED') return null;
  if (allowOutOfStock && order?.status === 'FAILED' && order.failureReason === 'OUT_OF_STOCK') return null;
  return `order ${order?.id} ended ${order?.status} (${order?.failureReason})`;
}

const body = (productId: string) => JSON.stringify({ query: CREATE, variables: { input: { items: [{ productId, quantity: 1 }], paymentMethod: 'tok_visa' } } });

interface Case {
  id: string;
  name: string;
  topology: Topology;
  products: string[];
  stock: number;
  allowOutOfStock: boolean;
}

const CASES: Case[] = [
  { id: 'hot', name: 'hot product', topology: 'deployed', products: [DEMO_PRODUCTS[0]!.id], stock: 1_000_000, allowOutOfStock: false },
  { id: 'spread', name: 'spread over 60 products', topology: 'deployed', products: DEMO_PRODUCTS.map((p) => p.id), stock: 1_000_000, allowOutOfStock: false },
  // Demand far above stock: most orders must fail OUT_OF_STOCK and exactly `stock` be sold.
  { id: 'oversell', name: 'oversell attempt (stock 100)', topology: 'deployed', products: [DEMO_PRODUCTS[1]!.id], stock: 100, allowOutOfStock: true },
  { id: 'one-process', name: 'hot product, subgraphs in one process', topology: 'one-process', products: [DEMO_PRODUCTS[0]!.id], stock: 1_000_000, allowOutOfStock: false },
];
const wanted = (process.env.BENCH_ORDER_CASES ?? CASES.map((c) => c.id).join(',')).split(',');
const PROCESS_NAMES = ['gateway', 'accounts', 'products', 'orders', 'payments'];

/**
 * Production secrets and limits: unlike the read benchmarks, field rate limits and the per-customer
 * operation budget stay at their defaults; the load is spread over CUSTOMERS customers instead.
 * At saturation the saga's internal calls queue up: a long call timeout lets the benchmark measure
 * throughput and latency instead of the breaker shedding load (the production default is 3 s).
 */
function orderSecrets(): Record<string, string> {
  const { FIELD_RATE_LIMITS: _fields, RATE_LIMIT_OPERATIONS: _budget, ...secrets } = benchSecrets();
  return { ...secrets, SAGA_CALL_TIMEOUT_MS: '30000' };
}

let stackNumber = 0;
async function runCase(options: BenchOptions, c: Case) {
  const secrets = orderSecrets();
  const env: Record<string, string> = options.redisUrl ? { REDIS_URL: options.redisUrl, REDIS_KEY_PREFIX: `bench:${process.pid}:${++stackNumber}:` } : {};
  const stack = await startStack(c.topology, secrets, options, env, undefined, c.topology === 'deployed' && (options.compiled ?? true));
  const auditor = await OrderAuditor.open(options.databaseUrl!, stack.schemas);
  const pgCpu = await PostgresCpu.open(options.databaseUrl!);
  try {
    const customers = Array.from({ length: CUSTOMERS }, () => randomUUID());
    const headerSets = await Promise.all(customers.map((customerId) => credentials('ours', { customerId, role: 'CUSTOMER' }, secrets)));
    // The load stops with sagas still running on the server: wait until every order (warm-up ones
    // too, before the stock is reset) is final. On a busy machine that can take minutes.
    const settled = async () => {
      const deadline = Date.now() + 600_000;
      while ((await auditor.inFlight()) > 0) {
        if (Date.now() > deadline) throw new Error(`orders (${c.name}): orders still in flight 10 minutes after the load stopped`);
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    const job = {
      url: stack.gateway.urls.gateway as string,
      body: body(c.products[0]!),
      bodies: c.products.map(body),
      headerSets,
      connections: CONCURRENCY,
      // On a machine shared with other work an order may take seconds: slow is measured, not failed.
      timeoutSeconds: 120,
      check: { module: fileURLToPath(import.meta.url), export: 'checkOrder', args: c.allowOutOfStock },
    };
    if (options.warmupSeconds > 0 && !c.allowOutOfStock) {
      await auditor.prepare(c.products, c.stock);
      await runLoad({ ...job, durationSeconds: options.warmupSeconds });
      await settled();
    }
    await auditor.prepare(c.products, c.stock);
    const started = performance.now();
    let elapsedSeconds = options.durationSeconds;
    const measured = await measure(stack, pgCpu, options.cpuProfile ? `orders-${c.id}` : null, async () => {
      const load = await runLoad({ ...job, durationSeconds: options.durationSeconds }, () => stack.gateway.rss());
      await settled();
      elapsedSeconds = (performance.now() - started) / 1000;
      return load;
    });
    const { load } = measured;
    const audit = await auditor.audit();
    if (load.failed > 0) throw new Error(`orders (${c.name}): ${load.failed} responses failed: ${load.firstFailure}`);
    const problems = auditProblems(audit, c.stock);
    if (problems.length) throw new Error(`orders (${c.name}): ${problems.join('; ')}`);
    const confirmed = audit.orders.CONFIRMED ?? 0;
    const placed = Object.values(audit.orders).reduce((a, b) => a + b, 0);
    const cpuPerOrder = Object.fromEntries(Object.entries(measured.cpuMs).map(([name, ms]) => [name, ms / Math.max(1, confirmed)]));
    const result = {
      name: c.name,
      topology: c.topology,
      load,
      audit,
      loadAverage: loadavg()[0]!,
      // Orders in flight when the load stops still finish: confirmed orders over the time until the last one did.
      confirmedPerSecond: confirmed / elapsedSeconds,
      cpuMsPerOrder: cpuPerOrder,
      cpuMsPerOrderTotal: Object.values(cpuPerOrder).reduce((a, b) => a + b, 0),
      statementsPerOrder: measured.statements / Math.max(1, placed),
      commitsPerOrder: measured.commits / Math.max(1, placed),
      graphqlPerOrder: measured.graphql / Math.max(1, placed),
    };
    console.log(
      `  orders ${c.name}: ${round(load.rps, 1)} req/s, ${round(result.confirmedPerSecond, 1)} confirmed/s, p99 ${round(load.latencyMs.p99)} ms, ` +
        `${round(result.cpuMsPerOrderTotal, 2)} CPU ms/order (${Object.entries(cpuPerOrder).map(([n, v]) => `${n} ${round(v, 2)}`).join(', ')}), ` +
        `${round(result.statementsPerOrder, 1)} SQL, ${round(result.commitsPerOrder, 2)} commits, ${round(result.graphqlPerOrder, 1)} GraphQL per order, load ${round(result.loadAverage, 2)}`,
    );
    return result;
  } finally {
    await pgCpu.close();
    await stack.stop();
    await auditor.close(c.topology === 'deployed');
  }
}

/** Run `work` and return what it returned with the CPU of every process and of PostgreSQL, and the counters. */
async function measure<T>(stack: Stack, pgCpu: PostgresCpu, profile: string | null, work: () => Promise<T>) {
  const names = stack.processes.length === 2 ? ['gateway', 'subgraphs'] : PROCESS_NAMES;
  // BENCH_CPU_PROF: a V8 profile of every process over exactly the measured window.
  if (profile) await Promise.all(stack.processes.map((p) => p.request('profile-start')));
  const before = stack.processes.map((p) => p.cpuMs());
  const countersBefore = await stack.counters();
  const commitsBefore = await pgCpu.commits();
  await pgCpu.start();
  const load = await work();
  const postgres = await pgCpu.stop();
  const after = stack.processes.map((p) => p.cpuMs());
  const countersAfter = await stack.counters();
  // Backends report their commit counts within a second of going idle.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const commits = (await pgCpu.commits()) - commitsBefore;
  if (profile) {
    mkdirSync(path.join(RESULTS_DIR, 'profiles'), { recursive: true });
    await Promise.all(stack.processes.map((p, i) => p.request('profile-stop', path.join(RESULTS_DIR, 'profiles', `${profile}-${names[i]}.cpuprofile`))));
  }
  const cpuMs: Record<string, number> = Object.fromEntries(names.map((n, i) => [n, after[i]! - before[i]!]));
  cpuMs.postgres = postgres;
  return { load, cpuMs, commits, statements: countersAfter.statements - countersBefore.statements, graphql: countersAfter.graphql - countersBefore.graphql };
}

function auditProblems(audit: OrderAudit, stock: number): string[] {
  const confirmed = audit.orders.CONFIRMED ?? 0;
  return [
    audit.oversold > 0 && `${audit.oversold} products oversold`,
    audit.heldAfterRun > 0 && `${audit.heldAfterRun} units still reserved`,
    audit.stockMismatches > 0 && `${audit.stockMismatches} products whose stock does not match what was sold`,
    audit.capturedPayments !== confirmed && `${audit.capturedPayments} captured payments for ${confirmed} confirmed orders`,
    audit.paymentsPerOrderMax > 1 && 'an order with more than one payment',
    confirmed > stock && `${confirmed} confirmed with stock ${stock}`,
    // Once anything was refused for stock, the stock must have been sold out exactly.
    (audit.orders.FAILED ?? 0) > 0 && confirmed !== stock && `${confirmed} confirmed with stock ${stock} although orders were refused`,
  ].filter((p): p is string => typeof p === 'string');
}

const cpuCell = (r: { cpuMsPerOrder: Record<string, number> }, name: string) => (name in r.cpuMsPerOrder ? round(r.cpuMsPerOrder[name]!, 2) : '–');

/** createOrder through the gateway at concurrency 50, as deployed, then an audit of stock, orders and payments. */
export const orders: Scenario = {
  name: 'orders',
  async run(options) {
    const results = [];
    for (const c of CASES.filter((c) => wanted.includes(c.id))) results.push(await runCase(options, c));
    const main = results.filter((r) => r.topology === 'deployed' && !r.name.startsWith('oversell'));
    return {
      scenario: 'orders',
      title: 'Orders: createOrder as deployed (gateway and each subgraph in its own process), with CPU per order and an oversell audit',
      description:
        `createOrder of 1 unit with tok_visa, ${CONCURRENCY} connections for ${options.durationSeconds} s per case after ${options.warmupSeconds} s warm-up, ` +
        `spread over ${CUSTOMERS} customers (production rate limits), NODE_ENV=production, PostgreSQL${options.redisUrl ? ' and Redis' : ''}; ` +
          `the deployed cases run ${options.compiled ?? true ? 'the build (dist/) under plain node, as the Dockerfile does' : 'src/ through tsx (BENCH_COMPILED=false)'}, one process runs src/ through tsx. ` +
        'Each order runs the full saga (reserve → charge → confirm) across products and payments. CPU per confirmed order is read from /proc for every ' +
        'service process and for the PostgreSQL backends of the benchmark database, from the start of the load until every order is final. ' +
        'After each run the stock (before − sold = available + reserved, nothing reserved, nothing negative) and payments (one per order, captured exactly for confirmed orders) are audited.',
      table: {
        columns: ['case', 'confirmed/s', 'p50 ms', 'p99 ms', 'CPU ms/order', ...PROCESS_NAMES, 'subgraphs (1 process)', 'postgres', 'SQL/order', 'commits/order', 'GraphQL/order', 'orders by status', 'audit', 'load avg'],
        rows: results.map((r) => [
          r.name,
          round(r.confirmedPerSecond, 1),
          round(r.load.latencyMs.p50),
          round(r.load.latencyMs.p99),
          round(r.cpuMsPerOrderTotal, 2),
          ...PROCESS_NAMES.map((n) => cpuCell(r, n)),
          cpuCell(r, 'subgraphs'),
          cpuCell(r, 'postgres'),
          round(r.statementsPerOrder, 1),
          r.commitsPerOrder === undefined ? '–' : round(r.commitsPerOrder, 2),
          round(r.graphqlPerOrder, 1),
          Object.entries(r.audit.orders).map(([k, v]) => `${k} ${v}`).join(', '),
          'passed',
          round(r.loadAverage, 2),
        ]),
      },
      notes: [
        `Targets ≥ 300 confirmed orders/s and ≤ 6 ms CPU per order: ${main.map((r) => `${r.name} ${round(r.confirmedPerSecond, 1)}/s, ${round(r.cpuMsPerOrderTotal, 2)} ms`).join('; ')}.`,
        'Every audit passed: no oversell, nothing left reserved, one payment per order, captures = confirmations.',
      ],
      charts: [
        { title: 'Confirmed orders per second', unit: 'orders/s', groups: results.map((r) => r.name), series: [{ name: 'ours', values: results.map((r) => round(r.confirmedPerSecond, 1)) }] },
        { title: 'CPU per confirmed order', unit: 'ms', groups: results.map((r) => r.name), series: [{ name: 'all processes', values: results.map((r) => round(r.cpuMsPerOrderTotal, 2)) }] },
        { title: 'Latency', unit: 'ms', groups: ['p50', 'p95', 'p99'], series: results.map((r) => ({ name: r.name, values: [round(r.load.latencyMs.p50), round(r.load.latencyMs.p95), round(r.load.latencyMs.p99)] })) },
      ],
      raw: results,
    };
  },
};
