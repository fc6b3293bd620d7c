import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrapeMetrics, startTestStack, type TestStack } from '@ordergraph/testing';
import { customerOrdersChannel } from '@ordergraph/pubsub';
import { ALICE, BOB, createOrder, product, setStock } from '../support/orders.js';
import { collect, wsClient } from '../support/wsClient.js';
import { waitFor } from '../support/waitFor.js';
import { readSseEvents } from '../support/sse.js';

// Federated subscriptions planned by Hive's query planner (GATEWAY_QUERY_PLANNER=hive, the
// default, set here explicitly): its plan opens the subscription on orders and, for every
// event, fetches the entities of the other subgraphs (products, accounts, payments).
// /metrics shows that Hive's planner planned them (no fallback to Apollo's), and that what
// still goes to Apollo's planner is counted.
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ GATEWAY_QUERY_PLANNER: 'hive' });
});
afterAll(async () => {
  await stack?.stop();
});

const SUBSCRIPTION = /* GraphQL */ `
  subscription HiveOrderUpdates {
    myOrderUpdates {
      id status
      items { quantity product { name inventory { available } } }
      customer { email }
      payment { status }
    }
  }
`;

const subscribed = (channel: string, before: number) => waitFor(`a subscription on ${channel}`, () => stack.pubsub.listenerCount(channel) > before);

/** Reads `count` `next` events of a Server-Sent Events response. */
async function readSse(response: Response, count: number): Promise<any[]> {
  const reader = response.body!.getReader();
  const events = await readSseEvents(reader, count);
  await reader.cancel();
  return events;
}

describe('subscriptions on Hive’s query planner', () => {
  it('graphql-ws: every status change arrives with entity fields from products, accounts and payments', async () => {
    const token = await stack.signIn(ALICE.email, ALICE.password);
    const before = stack.pubsub.listenerCount(customerOrdersChannel(ALICE.id));
    const client = wsClient(stack.gatewayUrl, { connectionParams: { authorization: `Bearer ${token}` } });
    const feed = collect(client, SUBSCRIPTION);
    await subscribed(customerOrdersChannel(ALICE.id), before);
    const p = product(40);
    await setStock(stack, p.id, 5);
    const order = (await createOrder(stack, token, { items: [{ productId: p.id, quantity: 2 }] })).body.data.createOrder;
    const events = (await feed.until(4)).map((e) => e.myOrderUpdates);
    expect(events.map((e) => e.status)).toEqual(['PENDING', 'RESERVED', 'PAID', 'CONFIRMED']);
    for (const event of events) {
      expect(event.id).toBe(order.id);
      // Entity fields of other subgraphs, fetched per event by the plan's `rest`.
      expect(event.items).toEqual([{ quantity: 2, product: { name: p.name, inventory: { available: expect.any(Number) } } }]);
      expect(event.customer).toEqual({ email: ALICE.email });
    }
    expect(events[3].items[0].product.inventory.available).toBe(3);
    expect(events[3].payment).toEqual({ status: 'CAPTURED' });
    feed.stop();
    await client.dispose();
  });

  it('Server-Sent Events: the same federated events', async () => {
    const token = await stack.signIn(BOB.email, BOB.password);
    const before = stack.pubsub.listenerCount(customerOrdersChannel(BOB.id));
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: SUBSCRIPTION }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reading = readSse(response, 4);
    await subscribed(customerOrdersChannel(BOB.id), before);
    const p = product(41);
    await setStock(stack, p.id, 5);
    const order = (await createOrder(stack, token, { items: [{ productId: p.id, quantity: 1 }] })).body.data.createOrder;
    const events = (await reading).map((e) => e.data.myOrderUpdates);
    expect(events.map((e) => e.status)).toEqual(['PENDING', 'RESERVED', 'PAID', 'CONFIRMED']);
    for (const event of events) expect(event).toMatchObject({ id: order.id, customer: { email: BOB.email }, items: [{ quantity: 1, product: { name: p.name } }] });
    expect(events[3].payment).toEqual({ status: 'CAPTURED' });
  });

  it('/metrics: subscriptions were planned by Hive’s planner; introspection mixed with data is counted as a fallback', async () => {
    const before = await scrapeMetrics(stack.gatewayUrl);
    // Both subscriptions above were planned: neither went to Apollo's planner.
    expect(before.value('gateway_query_planner_fallback_total', { reason: 'subscription' }) ?? 0).toBe(0);
    const mixed = await stack.gql('query HiveMixed { __schema { queryType { name } } products(first: 1) { edges { node { id } } } }');
    expect(mixed.body.errors).toBeUndefined();
    const after = await scrapeMetrics(stack.gatewayUrl);
    expect(after.value('gateway_query_planner_fallback_total', { planner: 'apollo', reason: 'introspection' })).toBe((before.value('gateway_query_planner_fallback_total', { reason: 'introspection' }) ?? 0) + 1);
  });
});
