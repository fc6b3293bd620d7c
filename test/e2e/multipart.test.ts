import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { Defer20220824Handler } from '@apollo/client/incremental';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerOrdersChannel } from '@ordergraph/pubsub';
import { startTestStack, type TestStack } from '@ordergraph/testing';
import { ALICE, createOrder, product, setStock } from '../support/orders.js';
import { DEFER_ACCEPT, multipart, SUBSCRIPTION_ACCEPT } from '../support/multipart.js';
import { waitFor } from '../support/waitFor.js';

// Apollo Client's HTTP defaults: subscriptions over multipart HTTP (Apollo's protocol) and @defer
// as incremental delivery (deferSpec=20220824), checked at the wire and with the real client.
let stack: TestStack;
let gateway: { url: string; stop(): Promise<void> };
let token: string;

beforeAll(async () => {
  stack = await startTestStack();
  gateway = await stack.startGateway({ MULTIPART_HEARTBEAT_MS: '100' });
  token = await stack.signIn(ALICE.email, ALICE.password);
});
afterAll(async () => {
  await stack?.stop();
});

const ORDER_UPDATES = 'subscription { myOrderUpdates { id status items { product { name } } customer { email } } }';
/** Subscriptions on Alice's orders that the orders subgraph holds open (the upstream end of ours). */
const aliceListeners = () => stack.pubsub.listenerCount(customerOrdersChannel(ALICE.id));

async function placeOrder(n: number) {
  const p = product(n);
  await setStock(stack, p.id, 5);
  const order = (await createOrder(stack, token, { items: [{ productId: p.id, quantity: 1 }] })).body.data.createOrder;
  expect(order.status).toBe('CONFIRMED');
  return { order, product: p };
}

describe('multipart subscriptions (Apollo protocol)', () => {
  it('streams federated events as payload parts with heartbeats, and frees the upstream subscription when the client leaves', async () => {
    const before = aliceListeners();
    const stream = await multipart(gateway.url, { query: ORDER_UPDATES }, { accept: SUBSCRIPTION_ACCEPT, token });
    expect(stream.status).toBe(200);
    expect(stream.contentType).toBe('multipart/mixed;boundary="graphql";subscriptionSpec="1.0"');
    await waitFor('the upstream subscription', () => aliceListeners() > before);
    const { order, product: p } = await placeOrder(50);
    const confirmed = await stream.next((part) => part.payload?.data?.myOrderUpdates?.status === 'CONFIRMED');
    expect(confirmed.payload.data.myOrderUpdates).toEqual({ id: order.id, status: 'CONFIRMED', items: [{ product: { name: p.name } }], customer: { email: ALICE.email } });
    const statuses = stream.parts.filter((part) => part.payload).map((part) => part.payload.data.myOrderUpdates.status);
    expect(statuses).toEqual(['PENDING', 'RESERVED', 'PAID', 'CONFIRMED']);
    // Heartbeats: empty parts keep coming while nothing happens (every 100 ms on this gateway).
    const seen = stream.parts.length;
    await stream.next((part) => Object.keys(part).length === 0, seen, 3000);
    stream.abort();
    await waitFor('the upstream subscription to end', () => aliceListeners() === before);
  });

  it('refuses bad operations with a JSON error before streaming; an anonymous subscription is UNAUTHENTICATED', async () => {
    const invalid = await multipart(gateway.url, { query: 'subscription { noSuchField }' }, { accept: SUBSCRIPTION_ACCEPT, token });
    expect(invalid.status).toBe(400);
    await invalid.ended;
    expect(invalid.parts[0].errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const anonymous = await multipart(gateway.url, { query: ORDER_UPDATES }, { accept: SUBSCRIPTION_ACCEPT });
    await anonymous.ended;
    expect(anonymous.parts[0].errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const badToken = await multipart(gateway.url, { query: ORDER_UPDATES }, { accept: SUBSCRIPTION_ACCEPT, token: 'not.a.jwt' });
    expect(badToken.status).toBe(401);
  });

  it('ends the stream with the closing boundary when the gateway shuts down', async () => {
    const replica = await stack.startGateway();
    const before = aliceListeners();
    const stream = await multipart(replica.url, { query: ORDER_UPDATES }, { accept: SUBSCRIPTION_ACCEPT, token });
    await waitFor('the upstream subscription', () => aliceListeners() > before);
    await replica.stop();
    expect(await stream.ended).toEqual({ closedCleanly: true });
    await waitFor('the upstream subscription to end', () => aliceListeners() === before);
  });

  it('works with Apollo Client HttpLink', async () => {
    const client = new ApolloClient({ link: new HttpLink({ uri: gateway.url, headers: { authorization: `Bearer ${token}` } }), cache: new InMemoryCache() });
    const statuses: string[] = [];
    const before = aliceListeners();
    const subscription = client.subscribe({ query: gql(ORDER_UPDATES) }).subscribe({ next: (result) => statuses.push((result.data as any)?.myOrderUpdates?.status) });
    await waitFor('the upstream subscription', () => aliceListeners() > before);
    await placeOrder(51);
    await waitFor('CONFIRMED through Apollo Client', () => statuses.includes('CONFIRMED'));
    expect(statuses).toEqual(['PENDING', 'RESERVED', 'PAID', 'CONFIRMED']);
    subscription.unsubscribe();
    await waitFor('the upstream subscription to end', () => aliceListeners() === before);
    client.stop();
  });
});

const DEFERRED_ORDERS = /* GraphQL */ `
  query Orders {
    me {
      email
      orders(first: 5) { edges { node { id status ... @defer(label: "payment") { payment { status amount { amount } } } } } }
    }
  }
`;
const WHOLE_ORDERS = DEFERRED_ORDERS.replace('... @defer(label: "payment") {', '... {');

describe('@defer (incremental delivery, deferSpec=20220824)', () => {
  it('sends the operation without the deferred fragments first, then each fragment at its path, with hasNext', async () => {
    await placeOrder(52);
    const whole = await stack.gql(WHOLE_ORDERS, {}, { token, url: gateway.url });
    const stream = await multipart(gateway.url, { query: DEFERRED_ORDERS }, { accept: DEFER_ACCEPT, token });
    expect(await stream.ended).toEqual({ closedCleanly: true });
    expect(stream.contentType).toBe('multipart/mixed;boundary="-";deferSpec=20220824');
    const [first, rest, ...more] = stream.parts;
    expect(more).toEqual([]);
    expect(first.hasNext).toBe(true);
    const edges = whole.body.data.me.orders.edges;
    expect(first.data).toEqual({ me: { email: ALICE.email, orders: { edges: edges.map((e: any) => ({ node: { id: e.node.id, status: e.node.status } })) } } });
    expect(rest.hasNext).toBe(false);
    expect(rest.incremental).toEqual(edges.map((e: any, i: number) => ({ data: { payment: e.node.payment }, path: ['me', 'orders', 'edges', i, 'node'], label: 'payment' })));
    expect(edges[0].node.payment.status).toBe('CAPTURED');
  });

  it('gives the whole result in one response to a client that does not accept multipart, or when if: false', async () => {
    const whole = await stack.gql(WHOLE_ORDERS, {}, { token, url: gateway.url });
    const ignored = await stack.gql(DEFERRED_ORDERS, {}, { token, url: gateway.url });
    expect(ignored.status).toBe(200);
    expect(ignored.body).toEqual(whole.body);
    const off = await multipart(gateway.url, { query: DEFERRED_ORDERS.replace('@defer(label: "payment")', '@defer(if: $later)').replace('query Orders', 'query Orders($later: Boolean!)'), variables: { later: false } }, { accept: DEFER_ACCEPT, token });
    expect(off.contentType).toMatch(/^application\/json/);
    await off.ended;
    expect(off.parts[0]).toEqual(whole.body);
  });

  it('applies the document limits to the whole operation, deferred fragments included', async () => {
    const shallow = await stack.startGateway({ GRAPHQL_MAX_DEPTH: '4' });
    const stream = await multipart(shallow.url, { query: DEFERRED_ORDERS }, { accept: DEFER_ACCEPT, token });
    expect(stream.status).toBe(400);
    await stream.ended;
    expect(stream.parts[0].errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    await shallow.stop();
  });

  it('works with Apollo Client (Defer20220824Handler): partial data first, then the merged whole', async () => {
    const contentTypes: string[] = [];
    const link = new HttpLink({
      uri: gateway.url,
      headers: { authorization: `Bearer ${token}` },
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        contentTypes.push(response.headers.get('content-type') ?? '');
        return response;
      },
    });
    const client = new ApolloClient({ link, cache: new InMemoryCache(), incrementalHandler: new Defer20220824Handler() });
    const whole = await stack.gql(WHOLE_ORDERS, {}, { token, url: gateway.url });
    const results: any[] = [];
    const watched = client.watchQuery({ query: gql(DEFERRED_ORDERS), fetchPolicy: 'network-only' }).subscribe({ next: (result) => results.push(result) });
    const done = await waitFor('the complete result', () => results.find((r) => r.dataState === 'complete'));
    watched.unsubscribe();
    expect(contentTypes).toEqual(['multipart/mixed;boundary="-";deferSpec=20220824']);
    const streaming = results.find((r) => r.dataState === 'streaming');
    expect(streaming.data.me.orders.edges[0].node.payment).toBeUndefined();
    const strip = (value: any): any => JSON.parse(JSON.stringify(value, (key, v) => (key === '__typename' ? undefined : v)));
    expect(strip(done.data)).toEqual(whole.body.data);
    client.stop();
  });
});
