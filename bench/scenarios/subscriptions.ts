import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_CUSTOMERS } from '@ordergraph/demo-data';
import type { BenchOptions } from '../lib/options.js';
import { BENCH_DIR, spawnService, type ChildService } from '../lib/processes.js';
import { RESULTS_DIR } from '../lib/report.js';
import { benchSecrets, credentials, startGateway, startSubgraphs } from '../lib/stack.js';
import { percentile, round } from '../lib/stats.js';
import type { CollectResult, OpenResult } from '../servers/subscribers.js';
import { metric, openFilesLimit, post, scrape } from './subscriptionsProbes.js';
import { subscriptionsReport, type CaseResult } from './subscriptionsReport.js';
import type { Scenario } from './types.js';

/** A realistic federated selection: orders (root), accounts (customer), products (items), payments. */
export const SUBSCRIPTION = /* GraphQL */ `subscription OrderTracking($id: ID!) {
  orderStatusChanged(orderId: $id) {
    id status updatedAt
    total { amount currency }
    customer { id name email }
    items { quantity unitPrice { amount currency } product { id name price { amount currency } } }
    payment { status amount { amount currency } }
  }
}`;
const SHIP = 'mutation Ship($id: ID!) { shipOrder(id: $id) { id status } }';
const DELIVER = 'mutation Deliver($id: ID!) { deliverOrder(id: $id) { id status } }';
const EXPECTED = ['SHIPPED', 'DELIVERED'];

const int = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer (got ${process.env[name]})`);
  return value;
};

/** Subscriber counts to run (`BENCH_SUBSCRIBERS`, comma-separated), each on a fresh stack. */
const SUBSCRIBER_COUNTS = (process.env.BENCH_SUBSCRIBERS ?? '10000').split(',').map((n) => {
  const value = Number(n);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`BENCH_SUBSCRIBERS must list positive integers (got ${process.env.BENCH_SUBSCRIBERS})`);
  return value;
});
/** Orders followed (`BENCH_SUBSCRIPTION_ORDERS`): subscribers are spread evenly over them. */
const ORDERS = int('BENCH_SUBSCRIPTION_ORDERS', 100);
/**
 * Status events published per second (`BENCH_EVENT_RATE`). Each is a full ship/deliver mutation
 * (transaction, outbox, relay) plus, per upstream subscription, a subgraph resolve and three
 * entity fetches: on the shared 2-core machine the publish path itself saturates near 20/s.
 */
const EVENT_RATE = int('BENCH_EVENT_RATE', 5);
/** Subscriber processes (`BENCH_SUBSCRIBER_PROCESSES`). */
const WORKERS = int('BENCH_SUBSCRIBER_PROCESSES', 2);
/** WebSocket handshakes in flight at once, per subscriber process (`BENCH_RAMP_CONCURRENCY`). */
const RAMP_CONCURRENCY = int('BENCH_RAMP_CONCURRENCY', 100);
/**
 * Server log level (`LOG_LEVEL`, default warn here): at info every upstream fetch and mutation
 * is logged to the runner's terminal (per upstream event, not per subscriber).
 */
const LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';
/** One subscriber in ADMIN_EVERY follows as an ADMIN, the rest as the order's owner. */
const ADMIN_EVERY = 10;

/**
 * The gateway's heap cap. docs/performance.md recommends 160 MB for HTTP load, but each
 * WebSocket subscriber keeps ≈ 12 KB live heap (measured here): 10,000 need ≈ 120 MB on top of
 * the ≈ 70 MB baseline, so this scenario runs the gateway with 384 MB unless
 * BENCH_GATEWAY_NODE_OPTIONS says otherwise.
 */
const gatewayNodeArgs = (options: BenchOptions) => (process.env.BENCH_GATEWAY_NODE_OPTIONS ? options.gatewayNodeArgs : ['--max-old-space-size=384']);

const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runCase(options: BenchOptions, n: number): Promise<CaseResult> {
  const limit = openFilesLimit();
  if (Number.isFinite(limit) && n + 1024 > limit) {
    throw new Error(`open-file limit ${limit} is too low for ${n} subscribers (the gateway holds one socket each): raise \`ulimit -n\` to at least ${n + 1024}`);
  }
  const secrets = benchSecrets();
  const subgraphs = await startSubgraphs(secrets, options, { bulkOrders: ORDERS, itemsPerOrder: 3, env: { LOG_LEVEL } });
  const gateway = await startGateway('ours', subgraphs, secrets, { ...options, gatewayNodeArgs: gatewayNodeArgs(options) }, {
    LOG_LEVEL,
    WS_MAX_CONNECTIONS: String(n + 1000),
    WS_MAX_CONNECTIONS_PER_IP: String(n + 1000),
  });
  const workers: ChildService[] = [];
  try {
    const url = gateway.urls.gateway as string;
    const wsUrl = url.replace(/^http/, 'ws');
    const orders = await subgraphs.request<Array<{ id: string; customerId: string }>>('bulk-orders');
    const admin = DEMO_CUSTOMERS.find((c) => c.role === 'ADMIN')!;
    const identities = [admin, ...DEMO_CUSTOMERS.filter((c) => c.role !== 'ADMIN')];
    const tokens = await Promise.all(identities.map(async (c) => (await credentials('ours', { customerId: c.id, role: c.role }, secrets)).authorization!.replace(/^Bearer /, '')));
    const tokenOf = (customerId: string) => identities.findIndex((c) => c.id === customerId);
    const adminHeaders = { authorization: `Bearer ${tokens[0]}` };

    // Warm the gateway (plans, connections to the subgraphs) with the same selection as a query.
    const warm = await post(url, SUBSCRIPTION.replace('subscription OrderTracking', 'query Warm').replace('orderStatusChanged(orderId: $id)', 'order(id: $id)'), { id: orders[0]!.id }, adminHeaders);
    if (warm.errors || !warm.data?.order) throw new Error(`warm-up query failed: ${JSON.stringify(warm.errors)}`);

    // Subscriber j follows order j % M; every ADMIN_EVERY-th round of orders follows as ADMIN.
    const plan = Array.from({ length: n }, (_, j) => {
      const order = orders[j % orders.length]!;
      const asAdmin = Math.floor(j / orders.length) % ADMIN_EVERY === ADMIN_EVERY - 1;
      return { token: asAdmin ? 0 : tokenOf(order.customerId), orderId: order.id };
    });
    const identitiesPerOrder = new Map<string, Set<number>>();
    for (const p of plan) (identitiesPerOrder.get(p.orderId) ?? identitiesPerOrder.set(p.orderId, new Set()).get(p.orderId)!).add(p.token);
    const expectedUpstream = [...identitiesPerOrder.values()].reduce((sum, s) => sum + s.size, 0);

    for (let w = 0; w < Math.min(WORKERS, n); w++) workers.push(await spawnService(`subscribers ${w + 1}`, path.join(BENCH_DIR, 'servers/subscribers.ts')));

    await gateway.request('gc-memory');
    await sleep(500);
    const rssBefore = gateway.rss();
    const heapBefore = (await gateway.request<NodeJS.MemoryUsage>('gc-memory')).heapUsed;
    const snapshot = async (when: string) => {
      if (process.env.BENCH_HEAP_SNAPSHOT !== 'true') return;
      mkdirSync(path.join(RESULTS_DIR, 'profiles'), { recursive: true });
      await gateway.request('heap-snapshot', path.join(RESULTS_DIR, 'profiles', `subscriptions-gateway-${n}-${when}.heapsnapshot`));
    };
    await snapshot('before');

    console.log(`  ${n} subscribers: connecting…`);
    const rampStart = now();
    const opened = await Promise.all(
      workers.map((worker, w) =>
        worker.request<OpenResult>('open', { url: wsUrl, query: SUBSCRIPTION, tokens, subscribers: plan.filter((_, j) => j % workers.length === w), concurrency: RAMP_CONCURRENCY }),
      ),
    );
    const rampFailed = opened.reduce((sum, o) => sum + o.failed, 0);
    if (rampFailed > 0) throw new Error(`${rampFailed} of ${n} connections failed: ${opened.find((o) => o.firstFailure)?.firstFailure}`);
    // graphql-ws does not acknowledge a subscribe: the gateway's own count says when all run.
    let stats = await gateway.request<{ upstream: number; subscribers: number }>('subscription-stats');
    for (let i = 0; i < 600 && stats.subscribers < n; i++) {
      await sleep(100);
      stats = await gateway.request('subscription-stats');
    }
    const rampMs = now() - rampStart;
    if (stats.subscribers < n) throw new Error(`only ${stats.subscribers} of ${n} subscriptions running after 60 s`);
    // Upstream subscriptions are live once the orders subgraph counts them.
    let subgraphMetric = await metric(subgraphs.urls.orders as string, 'graphql_active_subscriptions');
    for (let i = 0; i < 100 && subgraphMetric !== undefined && subgraphMetric < stats.upstream; i++) {
      await sleep(100);
      subgraphMetric = await metric(subgraphs.urls.orders as string, 'graphql_active_subscriptions');
    }
    await sleep(1000);
    const rssAfter = gateway.rss();
    const heapAfter = (await gateway.request<NodeJS.MemoryUsage>('gc-memory')).heapUsed;
    await snapshot('after');
    const gatewayMetrics = {
      websocketConnections: await metric(url, 'websocket_connections'),
      activeSubscriptions: await metric(url, 'graphql_active_subscriptions'),
    };
    console.log(
      `  ${n} subscribers in ${round(rampMs / 1000, 1)} s; upstream ${stats.upstream} (expected ${expectedUpstream}); RSS ${round(rssBefore / 2 ** 20, 1)} → ${round(rssAfter / 2 ** 20, 1)} MiB`,
    );

    // Publish: ship every order, then deliver every order, open-loop at EVENT_RATE; an order is
    // delivered only after its shipping was answered. Each send is stamped just before the request.
    if (options.cpuProfile) {
      mkdirSync(path.join(RESULTS_DIR, 'profiles'), { recursive: true });
      await gateway.request('profile-start');
    }
    // prom-client's event-loop delay histogram restarts at each scrape: this one opens the window.
    const gcBefore = (await scrape(url))?.value('nodejs_gc_duration_seconds_sum') ?? Number.NaN;
    const cpuBefore = { gateway: gateway.cpuMs(), subgraphs: subgraphs.cpuMs(), clients: workers.reduce((sum, w) => sum + w.cpuMs(), 0) };
    const sent: Record<string, number> = {};
    const mutationMs: number[] = [];
    const shipped = new Map<string, Promise<void>>();
    const publishStart = now();
    const loadAtStart = os.loadavg()[0] as number;
    const publishes: Promise<void>[] = [];
    let k = 0;
    for (const [mutation, status] of [[SHIP, 'SHIPPED'], [DELIVER, 'DELIVERED']] as const) {
      for (const order of orders) {
        const due = publishStart + (k++ * 1000) / EVENT_RATE;
        const wait = due - now();
        if (wait > 0) await sleep(wait);
        const before = status === 'DELIVERED' ? shipped.get(order.id) : undefined;
        const publish = (async () => {
          await before;
          const at = (sent[`${order.id} ${status}`] = now());
          const result = await post(url, mutation, { id: order.id }, adminHeaders);
          mutationMs.push(now() - at);
          const got = result.data?.shipOrder?.status ?? result.data?.deliverOrder?.status;
          if (got !== status) throw new Error(`${status} of ${order.id} failed: ${JSON.stringify(result.errors ?? result.data)}`);
        })();
        if (status === 'SHIPPED') shipped.set(order.id, publish);
        publishes.push(publish);
      }
    }
    await Promise.all(publishes);
    const publishMs = now() - publishStart;
    const expectedDeliveries = n * EXPECTED.length;
    // Wait for the stragglers: until everything arrived, or nothing more for 10 s (then it is lost).
    let received = 0;
    let lastProgress = now();
    while (now() - lastProgress < 10_000) {
      const all = await Promise.all(workers.map((w) => w.request<{ received: number }>('progress')));
      const total = all.reduce((s, p) => s + p.received, 0);
      if (total > received) lastProgress = now();
      received = total;
      if (received >= expectedDeliveries) break;
      await sleep(100);
    }
    await sleep(500); // duplicates, if any, would arrive now
    const cpuMs = {
      gateway: gateway.cpuMs() - cpuBefore.gateway,
      subgraphs: subgraphs.cpuMs() - cpuBefore.subgraphs,
      clients: workers.reduce((sum, w) => sum + w.cpuMs(), 0) - cpuBefore.clients,
    };
    const windowMs = now() - publishStart;
    const after = await scrape(url);
    const eventLoop = {
      lagP99Ms: (after?.value('nodejs_eventloop_lag_p99_seconds') ?? Number.NaN) * 1000,
      lagMaxMs: (after?.value('nodejs_eventloop_lag_max_seconds') ?? Number.NaN) * 1000,
      gcMs: ((after?.value('nodejs_gc_duration_seconds_sum') ?? Number.NaN) - gcBefore) * 1000,
    };
    if (options.cpuProfile) await gateway.request('profile-stop', path.join(RESULTS_DIR, 'profiles', `subscriptions-gateway-${n}.cpuprofile`));

    const collected = await Promise.all(workers.map((w) => w.request<CollectResult>('collect', { sent, expected: EXPECTED })));
    const latencies = collected.flatMap((c) => c.latencies).sort((a, b) => a - b);
    // Per event: publish → first subscriber (the pipeline), first → last subscriber (the fan-out).
    const spans = new Map<string, [number, number]>();
    for (const c of collected) {
      for (const [key, [first, last]] of Object.entries(c.spans)) {
        const span = spans.get(key);
        spans.set(key, span ? [Math.min(span[0], first), Math.max(span[1], last)] : [first, last]);
      }
    }
    const firstMs = [...spans].map(([key, [first]]) => first - (sent[key] as number)).sort((a, b) => a - b);
    const fanOutMs = [...spans.values()].map(([first, last]) => last - first).sort((a, b) => a - b);
    const sum = (key: 'received' | 'lost' | 'duplicates' | 'outOfOrder' | 'malformed' | 'dropped') => collected.reduce((s, c) => s + c[key], 0);
    const result: CaseResult = {
      subscribers: n,
      orders: orders.length,
      upstream: { expected: expectedUpstream, gateway: stats.upstream, subgraphMetric },
      gatewayMetrics,
      rampMs,
      rampFailed,
      events: Object.keys(sent).length,
      publishMs,
      deliveries: {
        expected: expectedDeliveries,
        received: sum('received'),
        lost: sum('lost'),
        duplicates: sum('duplicates'),
        outOfOrder: sum('outOfOrder'),
        malformed: sum('malformed'),
        dropped: sum('dropped'),
        firstProblem: collected.find((c) => c.firstProblem)?.firstProblem ?? null,
      },
      loadAverage: [round(loadAtStart), round(os.loadavg()[0] as number)],
      mutationMs: (() => {
        const sorted = mutationMs.sort((a, b) => a - b);
        return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
      })(),
      latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN },
      gateway: {
        rssBefore,
        rssAfter,
        rssPerConnectionKb: (rssAfter - rssBefore) / n / 1024,
        heapBefore,
        heapAfter,
        heapPerConnectionKb: (heapAfter - heapBefore) / n / 1024,
      },
      cpu: { ...cpuMs, windowMs },
      eventLoop,
      firstDeliveryMs: { p50: percentile(firstMs, 50), p99: percentile(firstMs, 99) },
      fanOutMs: { p50: percentile(fanOutMs, 50), p99: percentile(fanOutMs, 99) },
    };
    const d = result.deliveries;
    console.log(
      `  ${n} subscribers: ${d.received}/${d.expected} delivered, lost ${d.lost}, duplicates ${d.duplicates}, out of order ${d.outOfOrder}; ` +
        `p50 ${round(result.latencyMs.p50)} ms, p95 ${round(result.latencyMs.p95)} ms, p99 ${round(result.latencyMs.p99)} ms (mutation p50 ${round(result.mutationMs.p50)} ms, p99 ${round(result.mutationMs.p99)} ms; first delivery p50 ${round(result.firstDeliveryMs.p50)} ms; fan-out p50 ${round(result.fanOutMs.p50)} ms, p99 ${round(result.fanOutMs.p99)} ms); CPU gateway ${round(result.cpu.gateway)} ms, subgraphs ${round(result.cpu.subgraphs)} ms, clients ${round(result.cpu.clients)} ms in ${round(result.cpu.windowMs)} ms; gateway loop delay p99 ${round(result.eventLoop.lagP99Ms)} ms, max ${round(result.eventLoop.lagMaxMs)} ms, GC ${round(result.eventLoop.gcMs)} ms; ${round(result.gateway.rssPerConnectionKb, 1)} KB RSS/connection`,
    );
    return result;
  } finally {
    await Promise.all(workers.map(async (w) => {
      await w.request('close');
      await w.stop();
    }));
    await gateway.stop();
    await subgraphs.stop();
  }
}

/** N WebSocket subscribers on one gateway, status events through the real mutation → outbox → pub/sub path. */
export const subscriptions: Scenario = {
  name: 'subscriptions',
  async run(options) {
    const results: CaseResult[] = [];
    for (const n of SUBSCRIBER_COUNTS) results.push(await runCase(options, n));
    return subscriptionsReport(results, {
      database: options.databaseUrl ? 'PostgreSQL' : 'in-memory PGlite',
      workers: WORKERS,
      rampConcurrency: RAMP_CONCURRENCY,
      orders: ORDERS,
      adminEvery: ADMIN_EVERY,
      eventRate: EVENT_RATE,
      gatewayNodeArgs: gatewayNodeArgs(options),
    });
  },
};
