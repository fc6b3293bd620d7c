import os from 'node:os';
import type { ScenarioResult } from '../lib/report.js';
import { round } from '../lib/stats.js';

// The subscriptions scenario's report: one table row, notes and charts per subscriber count.

export interface CaseResult {
  subscribers: number;
  orders: number;
  upstream: { expected: number; gateway: number; subgraphMetric: number | undefined };
  gatewayMetrics: { websocketConnections: number | undefined; activeSubscriptions: number | undefined };
  rampMs: number;
  rampFailed: number;
  events: number;
  publishMs: number;
  deliveries: { expected: number; received: number; lost: number; duplicates: number; outOfOrder: number; malformed: number; dropped: number; firstProblem: string | null };
  /** 1-minute load average of the machine when publishing started and ended (it is shared). */
  loadAverage: [number, number];
  /** Round trip of the publishing mutations themselves. */
  mutationMs: { p50: number; p99: number };
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  gateway: { rssBefore: number; rssAfter: number; rssPerConnectionKb: number; heapBefore: number; heapAfter: number; heapPerConnectionKb: number };
  /** CPU used by each side from the first publish until the last event arrived (or the wait gave up). */
  cpu: { gateway: number; subgraphs: number; clients: number; windowMs: number };
  /** The gateway's event-loop delay (p99, max) and time in GC over the same window, from its /metrics. */
  eventLoop: { lagP99Ms: number; lagMaxMs: number; gcMs: number };
  /** Per event: publish → its first subscriber (mutation, outbox, pub/sub, upstream, entity fetches). */
  firstDeliveryMs: { p50: number; p99: number };
  /** Per event: its first subscriber → its last (the gateway's fan-out, plus the clients' own delay). */
  fanOutMs: { p50: number; p99: number };
}

/** How the cases ran, for the description. */
export interface SubscriptionsSettings {
  database: string;
  workers: number;
  rampConcurrency: number;
  orders: number;
  adminEvery: number;
  eventRate: number;
  gatewayNodeArgs: string[];
}

export function subscriptionsReport(results: CaseResult[], settings: SubscriptionsSettings): ScenarioResult {
  const kb = (v: number) => round(v, 1);
  return {
    scenario: 'subscriptions',
    title: 'Subscriptions: fan-out of order status events to N WebSocket subscribers through the gateway',
    description:
      `The gateway in its own process over the four subgraphs (${settings.database}); ${settings.workers} client processes open N WebSocket connections ` +
      `(graphql-transport-ws, ${settings.rampConcurrency} handshakes in flight per process), each with one \`orderStatusChanged\` subscription selecting ` +
      `fields of all four subgraphs, spread evenly over ${settings.orders} orders; subscribers follow as the order's owner (three customers) ` +
      `or, one in ${settings.adminEvery}, as an ADMIN, so the gateway shares one upstream subscription per (order, caller). ` +
      `Then an ADMIN ships and delivers every order through the gateway (${settings.eventRate} mutations/s, open loop): each event goes ` +
      'mutation → outbox → pub/sub → orders subgraph → gateway (entity fetches to accounts, products, payments once per upstream event) → every subscriber. ' +
      'Latency is from just before the mutation is sent to the client receiving the event (CLOCK_MONOTONIC in both processes). ' +
      `RSS per connection is the gateway's RSS growth from before the first connection to all subscribed, over N; heap likewise after a full GC. ` +
      `Gateway node flags: ${settings.gatewayNodeArgs.join(' ')}.`,
    table: {
      columns: [
        'subscribers',
        'orders',
        'upstream subs (expected)',
        'ramp s',
        'events',
        'delivered / expected',
        'lost',
        'dup',
        'out of order',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'max ms',
        'RSS KB/conn',
        'heap KB/conn',
        'gateway RSS MiB',
      ],
      rows: results.map((r) => [
        r.subscribers,
        r.orders,
        `${r.upstream.gateway} (${r.upstream.expected})`,
        round(r.rampMs / 1000, 1),
        r.events,
        `${r.deliveries.received} / ${r.deliveries.expected}`,
        r.deliveries.lost,
        r.deliveries.duplicates,
        r.deliveries.outOfOrder,
        round(r.latencyMs.p50),
        round(r.latencyMs.p95),
        round(r.latencyMs.p99),
        round(r.latencyMs.max),
        kb(r.gateway.rssPerConnectionKb),
        kb(r.gateway.heapPerConnectionKb),
        `${round(r.gateway.rssBefore / 2 ** 20)} → ${round(r.gateway.rssAfter / 2 ** 20)}`,
      ]),
    },
    notes: results.flatMap((r) => {
      const ok = (pass: boolean) => (pass ? 'met' : '**missed**');
      return [
        `${r.subscribers} subscribers: p99 ${round(r.latencyMs.p99)} ms (target < 250 ms: ${ok(r.latencyMs.p99 < 250)}), ` +
          `${kb(r.gateway.rssPerConnectionKb)} KB RSS per connection (target < 30 KB: ${ok(r.gateway.rssPerConnectionKb < 30)}), ` +
          `${r.deliveries.lost} lost / ${r.deliveries.duplicates} duplicates / ${r.deliveries.outOfOrder} out of order (target 0: ${ok(r.deliveries.lost + r.deliveries.duplicates + r.deliveries.outOfOrder + r.deliveries.malformed === 0)}).`,
        `${r.subscribers} subscribers: ${r.upstream.gateway} upstream subscriptions for ${r.subscribers} client subscriptions (orders subgraph counts ${r.upstream.subgraphMetric ?? 'n/a'}); ` +
          `gateway /metrics websocket_connections ${r.gatewayMetrics.websocketConnections ?? 'n/a'}, graphql_active_subscriptions ${r.gatewayMetrics.activeSubscriptions ?? 'n/a'}; ` +
          `CPU while publishing (${round(r.cpu.windowMs / 1000, 1)} s): gateway ${round(r.cpu.gateway)} ms (${round(r.cpu.gateway / Math.max(1, r.deliveries.received), 3)} ms per delivery), subgraphs ${round(r.cpu.subgraphs)} ms, client processes ${round(r.cpu.clients)} ms; ` +
          `gateway event-loop delay p99 ${round(r.eventLoop.lagP99Ms)} ms, max ${round(r.eventLoop.lagMaxMs)} ms, ${round(r.eventLoop.gcMs)} ms in GC.`,
        `${r.subscribers} subscribers: machine load average ${r.loadAverage[0]} → ${r.loadAverage[1]} on ${os.cpus().length} CPUs while publishing (other sessions share it). ` +
          `Per event, publish → first subscriber p50 ${round(r.firstDeliveryMs.p50)} ms / p99 ${round(r.firstDeliveryMs.p99)} ms; first → last subscriber (fan-out) p50 ${round(r.fanOutMs.p50)} ms / p99 ${round(r.fanOutMs.p99)} ms; the mutation's own round trip p50 ${round(r.mutationMs.p50)} ms / p99 ${round(r.mutationMs.p99)} ms.`,
        ...(r.deliveries.firstProblem ? [`${r.subscribers} subscribers: first problem: ${r.deliveries.firstProblem}`] : []),
      ];
    }),
    charts: [
      {
        title: 'Publish → client latency',
        unit: 'ms',
        groups: ['p50', 'p95', 'p99'],
        series: results.map((r) => ({ name: `${r.subscribers} subscribers`, values: [round(r.latencyMs.p50), round(r.latencyMs.p95), round(r.latencyMs.p99)] })),
      },
      {
        title: 'Gateway memory per connection',
        unit: 'KB',
        groups: ['RSS', 'heap (after GC)'],
        series: results.map((r) => ({ name: `${r.subscribers} subscribers`, values: [kb(r.gateway.rssPerConnectionKb), kb(r.gateway.heapPerConnectionKb)] })),
      },
    ],
    raw: { machine: `${os.cpus().length} CPUs`, eventRate: settings.eventRate, workers: settings.workers, results },
  };
}
