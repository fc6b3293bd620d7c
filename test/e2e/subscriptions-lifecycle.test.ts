import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrapeMetrics, type TestStack } from '@ordergraph/testing';
import type { ChildService } from '../support/childService.js';
import { ALICE, createOrder, product, setStock } from '../support/orders.js';
import { startOrdersInChildProcess, type OrdersInChildProcess } from '../support/ordersProcess.js';
import { collect, wsClient } from '../support/wsClient.js';

// What happens to live subscriptions when processes come and go: the orders subgraph (which
// owns the subscription root fields) dies and comes back; a gateway replica shuts down.
let harness: OrdersInChildProcess;
let stack: TestStack;
let orders: ChildService;

beforeAll(async () => {
  harness = await startOrdersInChildProcess('subs', {});
  ({ stack, orders } = harness);
}, 120_000);
afterAll(async () => {
  await harness?.stop();
});

const ordersUrl = () => stack.env.SUBGRAPH_URL_ORDERS as string;
const waitFor = async (check: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
};

describe('subscriptions and restarts', () => {
  it('the gateway re-subscribes upstream when the orders process is killed and restarted; the client stays subscribed', async () => {
    const token = await stack.signIn(ALICE.email, ALICE.password);
    const client = wsClient(stack.gatewayUrl, { connectionParams: { authorization: `Bearer ${token}` } });
    const feed = collect(client, 'subscription { myOrderUpdates { id status customer { email } } }');
    await waitFor(() => stack.gateway.subscriptionStats().upstream === 1);
    await orders.kill('SIGKILL');
    await orders.start();
    // The upstream connection is back (graphql-ws reconnects with backoff, re-sending the subscription).
    await waitFor(async () => (await scrapeMetrics(ordersUrl())).value('graphql_active_subscriptions') === 1, 15_000);
    const p = product(44);
    await setStock(stack, p.id, 5);
    const order = (await createOrder(stack, token, { items: [{ productId: p.id, quantity: 1 }] })).body.data.createOrder;
    const events = (await feed.until(4, 15_000)).map((e) => e.myOrderUpdates);
    expect(events.map((e) => [e.id, e.status])).toEqual(['PENDING', 'RESERVED', 'PAID', 'CONFIRMED'].map((s) => [order.id, s]));
    expect(feed.errors).toEqual([]);
    expect(feed.completed).toBe(false);
    feed.stop();
    await client.dispose();
  });

  it('a gateway replica shutting down closes its sockets with 1001 (clients reconnect elsewhere) and ends its upstream subscriptions', async () => {
    const replica = await stack.startGateway({ SUBGRAPH_URL_ORDERS: ordersUrl() });
    const closes: number[] = [];
    const token = await stack.signIn(ALICE.email, ALICE.password);
    const client = wsClient(replica.url, {
      connectionParams: { authorization: `Bearer ${token}` },
      on: { closed: (event) => closes.push((event as { code: number }).code) },
    });
    const upstream = async () => (await scrapeMetrics(ordersUrl())).value('graphql_active_subscriptions');
    await waitFor(async () => stack.gateway.subscriptionStats().upstream === 0 && (await upstream()) === 0); // the test before has ended
    const before = (await upstream()) ?? 0;
    expect(before).toBe(0);
    const feed = collect(client, 'subscription { myOrderUpdates { id } }');
    await waitFor(async () => (await upstream()) === before + 1);
    expect(await upstream()).toBe(before + 1);
    const started = Date.now();
    await replica.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    await waitFor(() => closes.length > 0);
    expect(closes).toEqual([1001]);
    await waitFor(async () => (await upstream()) === before);
    expect(await upstream()).toBe(before);
    feed.stop();
    await client.dispose();
  });
});
