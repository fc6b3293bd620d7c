import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrapeMetrics, startTestStack, type TestStack } from '@ordergraph/testing';
import { ALICE, createOrder, product, setStock } from '../support/orders.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const PRODUCTS = 'query MetricsProducts { products(first: 2) { edges { node { id name inventory { available } } } } }';

describe('Prometheus /metrics', () => {
  it('records gateway requests by operation and outcome, errors by code, subgraph fetches and query-plan cache use', async () => {
    for (let i = 0; i < 3; i += 1) expect((await stack.gql(PRODUCTS)).body.errors).toBeUndefined();
    const invalid = await stack.gql('query MetricsInvalid { products(first: 1) { nope } }');
    expect(invalid.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const rejected = await stack.gql('mutation MetricsSignIn { signIn(email: "alice@ordergraph.dev", password: "not-her-password") { accessToken } }');
    expect(rejected.body.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');

    const gateway = await scrapeMetrics(stack.gatewayUrl);
    expect(gateway.value('graphql_request_duration_seconds_count', { operation: 'MetricsProducts', type: 'query', outcome: 'success' })).toBe(3);
    // A request that fails validation never resolves an operation: its name is not a label.
    expect(gateway.value('graphql_request_duration_seconds_count', { operation: 'unresolved', outcome: 'error' })).toBe(1);
    expect(gateway.value('graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(gateway.value('graphql_errors_total', { code: 'INVALID_CREDENTIALS', service: 'gateway' })).toBe(1);
    expect(gateway.value('graphql_request_duration_seconds_count', { operation: 'MetricsSignIn', type: 'mutation', outcome: 'error' })).toBe(1);
    expect(gateway.value('subgraph_fetch_duration_seconds_count', { subgraph: 'products', outcome: 'ok' })).toBeGreaterThanOrEqual(3);
    expect(gateway.value('subgraph_graphql_errors_total', { subgraph: 'accounts', code: 'INVALID_CREDENTIALS' })).toBe(1);
    // The same operation three times: planned once, then served from the plan cache.
    expect(gateway.value('query_plan_cache_total', { result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(gateway.value('query_plan_cache_total', { result: 'hit' })).toBeGreaterThanOrEqual(2);
    expect(gateway.value('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(gateway.value('rate_limit_rejections_total')).toBeUndefined(); // defined, no series until the first rejection
    expect(gateway.text).toContain('# TYPE websocket_connections gauge');
    expect(gateway.text).toContain('# TYPE graphql_active_subscriptions gauge');
  });

  it('counts rate-limit rejections where the limit tripped', async () => {
    // Its own counters: with Redis, a shared prefix would carry over the main gateway's count for this client.
    const gateway = await stack.startGateway({
      RATE_LIMIT_OPERATIONS: '2',
      RATE_LIMIT_WINDOW_SECONDS: '60',
      REDIS_KEY_PREFIX: `ordergraph-test:metrics-${process.pid}-${Date.now()}:`,
    });
    try {
      const codes: unknown[] = [];
      for (let i = 0; i < 3; i += 1) codes.push((await stack.gql(PRODUCTS, {}, { url: gateway.url })).body.errors?.[0]?.extensions?.code);
      expect(codes).toEqual([undefined, undefined, 'RATE_LIMITED']);
      const scrape = await scrapeMetrics(gateway.url);
      expect(scrape.value('rate_limit_rejections_total', { scope: 'operation' })).toBe(1);
      expect(scrape.value('graphql_errors_total', { code: 'RATE_LIMITED' })).toBe(1);
    } finally {
      await gateway.stop();
    }
  });

  it('serves each subgraph its own registry with SQL timings', async () => {
    const products = await scrapeMetrics(stack.subgraphs.products.url);
    expect(products.value('graphql_request_duration_seconds_count', { service: 'products', outcome: 'success' })).toBeGreaterThanOrEqual(3);
    expect(products.value('db_query_duration_seconds_count', { operation: 'SELECT' })).toBeGreaterThan(0);
    expect(products.value('subgraph_fetch_duration_seconds_count')).toBeUndefined();
  });

  it('leaves the gateway readiness probes out of subgraph request metrics', async () => {
    const requests = async () => (await scrapeMetrics(stack.subgraphs.products.url)).value('graphql_request_duration_seconds_count') ?? 0;
    const before = await requests();
    for (let i = 0; i < 3; i += 1) expect((await fetch(new URL('/health/ready', stack.gatewayUrl))).status).toBe(200);
    expect(await requests()).toBe(before);
  });

  it('reports current_stock for a bounded set of products and follows stock changes', async () => {
    const prisma = stack.subgraphs.products.database.prisma;
    const before = await scrapeMetrics(stack.subgraphs.products.url);
    const series = before.samples('current_stock');
    expect(series.length).toBe(50); // 60 demo products, capped at the 50 lowest
    expect(before.value('inventory_products')).toBe(60);
    const lowest = await prisma.inventory.findFirst({ orderBy: [{ available: 'asc' }, { productId: 'asc' }], include: { product: true } });
    expect(before.value('current_stock', { product: lowest!.product.sku })).toBe(lowest!.available);

    await prisma.inventory.update({ where: { productId: lowest!.productId }, data: { available: 0 } });
    const after = await scrapeMetrics(stack.subgraphs.products.url);
    expect(after.value('current_stock', { product: lowest!.product.sku })).toBe(0);
    expect(after.value('inventory_out_of_stock_products')).toBe((before.value('inventory_out_of_stock_products') ?? 0) + (lowest!.available > 0 ? 1 : 0));
  });

  it('counts orders, payments, reservations and saga steps as customers place orders', async () => {
    const token = await stack.signIn(ALICE.email, ALICE.password);
    const [a, b, c] = [product(10), product(11), product(12)];
    await Promise.all([setStock(stack, a.id, 50), setStock(stack, b.id, 50), setStock(stack, c.id, 1)]);
    const before = await scrapeMetrics(stack.subgraphs.orders.url);
    const placed = [
      await createOrder(stack, token, { items: [{ productId: a.id, quantity: 1 }] }),
      await createOrder(stack, token, { items: [{ productId: b.id, quantity: 2 }] }),
      await createOrder(stack, token, { items: [{ productId: a.id, quantity: 1 }], paymentMethod: 'tok_decline' }),
      await createOrder(stack, token, { items: [{ productId: c.id, quantity: 5 }] }),
    ].map((r) => r.body.data.createOrder);
    expect(placed.map((o: any) => o.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'FAILED', 'FAILED']);
    const confirmedValue = (placed[0].total.amount + placed[1].total.amount) / 100;

    const after = await scrapeMetrics(stack.subgraphs.orders.url);
    const delta = (name: string, labels: Record<string, string>) => (after.value(name, labels) ?? 0) - (before.value(name, labels) ?? 0);
    expect(delta('orders_created_total', { status: 'confirmed' })).toBe(2);
    expect(delta('orders_created_total', { status: 'failed' })).toBe(2);
    expect(delta('order_value_sum', { currency: 'USD' })).toBeCloseTo(confirmedValue + (placed[2].total.amount + placed[3].total.amount) / 100);
    expect(delta('order_value_count', { currency: 'USD' })).toBe(4);
    expect(delta('payments_processed_total', { status: 'captured' })).toBe(2);
    expect(delta('payments_processed_total', { status: 'declined' })).toBe(1);
    expect(delta('inventory_reservations_total', { status: 'reserved' })).toBe(3);
    expect(delta('inventory_reservations_total', { status: 'out_of_stock' })).toBe(1);
    // Declines and missing stock are the business working, not faults: they do not feed the saga-failure alert.
    expect(delta('saga_steps_total', { outcome: 'failed' })).toBe(0);
    expect(delta('saga_steps_total', { step: 'payment_declined', outcome: 'compensated' })).toBe(1);
    expect(delta('saga_steps_total', { step: 'confirm', outcome: 'completed' })).toBe(2);
  });

  it('exposes the business metrics on every subgraph for code that records at the source', async () => {
    stack.subgraphs.payments.telemetry.business.paymentProcessed('refunded');
    stack.subgraphs.products.telemetry.business.inventoryReservation('released');
    expect((await scrapeMetrics(stack.subgraphs.payments.url)).value('payments_processed_total', { status: 'refunded' })).toBe(1);
    expect((await scrapeMetrics(stack.subgraphs.products.url)).value('inventory_reservations_total', { status: 'released' })).toBe(1);
  });
});
