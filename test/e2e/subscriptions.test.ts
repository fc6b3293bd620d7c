import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '@ordergraph/testing';
import { ADMIN, ALICE, BOB, CAROL, createOrder, product, setStock } from '../support/orders.js';
import { collect, wsClient } from '../support/wsClient.js';
import { waitFor } from '../support/waitFor.js';
import { customerOrdersChannel, orderChannel } from '@ordergraph/pubsub';
import { readSseEvents } from '../support/sse.js';

// Federated subscriptions through the gateway: graphql-ws on the gateway's /graphql, the root
// field from the orders subgraph, every other field resolved per event through the query planner.
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const FEDERATED = /* GraphQL */ `
  id status failureReason
  statusHistory { to }
  items { quantity product { name inventory { available } } }
  payment { status }
  customer { email }
`;

const bearer = async (who: { email: string; password: string }) => ({ authorization: `Bearer ${await stack.signIn(who.email, who.password)}` });
/** Until the orders subgraph holds `count` more subscriptions on `channel` than `before`: events published from then on reach them. */
const subscribed = (channel: string, before: number, count = 1) => waitFor(`${count} subscription(s) on ${channel}`, () => stack.pubsub.listenerCount(channel) >= before + count);

describe('subscriptions through the gateway', () => {
  it('myOrderUpdates: PENDING → RESERVED → PAID → CONFIRMED with fields from all four subgraphs', async () => {
    const before = stack.pubsub.listenerCount(customerOrdersChannel(ALICE.id));
    const client = wsClient(stack.gatewayUrl, { connectionParams: await bearer(ALICE) });
    const feed = collect(client, `subscription { myOrderUpdates { ${FEDERATED} } }`);
    await subscribed(customerOrdersChannel(ALICE.id), before);
    const p = product(40);
    await setStock(stack, p.id, 5);
    const order = (await createOrder(stack, await stack.signIn(ALICE.email, ALICE.password), { items: [{ productId: p.id, quantity: 2 }] })).body.data.createOrder;
    expect(order.status).toBe('CONFIRMED');
    const events = (await feed.until(4)).map((e) => e.myOrderUpdates);
    expect(events.map((e) => e.status)).toEqual(['PENDING', 'RESERVED', 'PAID', 'CONFIRMED']);
    expect(events.every((e) => e.id === order.id)).toBe(true);
    expect(events.map((e) => e.statusHistory.length)).toEqual([1, 2, 3, 4]);
    const last = events[3];
    expect(last.items).toEqual([{ quantity: 2, product: { name: p.name, inventory: { available: 3 } } }]);
    expect(last.payment).toEqual({ status: 'CAPTURED' });
    expect(last.customer).toEqual({ email: ALICE.email });
    feed.stop();
    await client.dispose();
  });

  it('a declined card ends in FAILED with the reason', async () => {
    const before = stack.pubsub.listenerCount(customerOrdersChannel(BOB.id));
    const client = wsClient(stack.gatewayUrl, { connectionParams: await bearer(BOB) });
    const feed = collect(client, `subscription { myOrderUpdates { ${FEDERATED} } }`);
    await subscribed(customerOrdersChannel(BOB.id), before);
    const p = product(41);
    await setStock(stack, p.id, 5);
    const token = await stack.signIn(BOB.email, BOB.password);
    const order = (await createOrder(stack, token, { items: [{ productId: p.id, quantity: 1 }], paymentMethod: 'tok_decline' })).body.data.createOrder;
    expect(order.status).toBe('FAILED');
    await feed.until(1);
    await waitFor('the FAILED event', () => feed.events.at(-1)?.myOrderUpdates.status === 'FAILED', 2500);
    const events = feed.events.map((e) => e.myOrderUpdates);
    expect(events[0].status).toBe('PENDING');
    expect(events.at(-1)).toMatchObject({ id: order.id, status: 'FAILED', failureReason: 'PAYMENT_DECLINED', customer: { email: BOB.email } });
    expect(events.at(-1).payment?.status ?? 'DECLINED').toBe('DECLINED');
    feed.stop();
    await client.dispose();
  });

  it('orderStatusChanged: the owner and an ADMIN follow shipping; another customer is refused', async () => {
    const aliceToken = await stack.signIn(ALICE.email, ALICE.password);
    const p = product(42);
    await setStock(stack, p.id, 5);
    const order = (await createOrder(stack, aliceToken, { items: [{ productId: p.id, quantity: 1 }] })).body.data.createOrder;
    const query = `subscription($id: ID!) { orderStatusChanged(orderId: $id) { ${FEDERATED} } }`;

    const bob = wsClient(stack.gatewayUrl, { connectionParams: await bearer(BOB) });
    const refused = collect(bob, query, { id: order.id });
    await expect(refused.until(1, 5000)).rejects.toThrow(/NOT_FOUND/);

    const alice = wsClient(stack.gatewayUrl, { connectionParams: await bearer(ALICE) });
    const admin = wsClient(stack.gatewayUrl, { connectionParams: await bearer(ADMIN) });
    const before = stack.pubsub.listenerCount(orderChannel(order.id));
    const mine = collect(alice, query, { id: order.id });
    const watched = collect(admin, query, { id: order.id });
    // Two callers the subgraph tells apart: two upstream subscriptions.
    await subscribed(orderChannel(order.id), before, 2);
    const adminToken = await stack.signIn(ADMIN.email, ADMIN.password);
    expect((await stack.gql('mutation($id: ID!) { shipOrder(id: $id) { status } }', { id: order.id }, { token: adminToken })).body.data.shipOrder.status).toBe('SHIPPED');
    expect((await stack.gql('mutation($id: ID!) { deliverOrder(id: $id) { status } }', { id: order.id }, { token: adminToken })).body.data.deliverOrder.status).toBe('DELIVERED');
    for (const feed of [mine, watched]) {
      const events = (await feed.until(2)).map((e) => e.orderStatusChanged);
      expect(events.map((e) => e.status)).toEqual(['SHIPPED', 'DELIVERED']);
      expect(events[1]).toMatchObject({ customer: { email: ALICE.email }, payment: { status: 'CAPTURED' }, items: [{ quantity: 1, product: { name: p.name } }] });
    }
    mine.stop();
    watched.stop();
    await Promise.all([alice.dispose(), admin.dispose(), bob.dispose()]);
  });

  it('Server-Sent Events (POST, Accept: text/event-stream) stream the same federated events; bad input gets JSON errors', async () => {
    const token = await stack.signIn(CAROL.email, CAROL.password);
    const sse = (query: string, headers: Record<string, string> = {}) =>
      fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify({ query }),
      });
    const refused = await sse('subscription { myOrderUpdates { nope } }');
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const anonymous = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'subscription { myOrderUpdates { id } }' }),
    });
    expect(((await anonymous.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const before = stack.pubsub.listenerCount(customerOrdersChannel(CAROL.id));
    const response = await sse(`subscription { myOrderUpdates { ${FEDERATED} } }`);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const events: any[] = [];
    const reading = readSseEvents(reader, 4, (event) => events.push(event));
    await subscribed(customerOrdersChannel(CAROL.id), before);
    const p = product(47);
    await setStock(stack, p.id, 5);
    const order = (await createOrder(stack, token, { items: [{ productId: p.id, quantity: 1 }] })).body.data.createOrder;
    await Promise.race([reading, new Promise((r) => setTimeout(r, 15_000))]);
    expect(events.map((e) => e.data.myOrderUpdates.status)).toEqual(['PENDING', 'RESERVED', 'PAID', 'CONFIRMED']);
    expect(events[3].data.myOrderUpdates).toMatchObject({ id: order.id, customer: { email: CAROL.email }, payment: { status: 'CAPTURED' } });
    await reader.cancel();
    // Closing the stream ends the subscription upstream.
    await waitFor('no subscriber left', () => stack.gateway.subscriptionStats().subscribers === 0, 5000);
  });
});
