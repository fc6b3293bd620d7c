import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityCodec, DEV_SECRETS } from '@ordergraph/core';
import { startTestStack, type TestStack } from '@ordergraph/testing';
import { ALICE, BOB, createOrder, product, setStock } from '../support/orders.js';
import { collect, wsClient } from '../support/wsClient.js';
import { waitFor } from '../support/waitFor.js';
import { customerOrdersChannel, orderChannel } from '@ordergraph/pubsub';

// The orders subgraph serves its Subscription type over graphql-ws; the gateway is its client.
let stack: TestStack;
const codec = new IdentityCodec(DEV_SECRETS.IDENTITY_SECRET);
const as = async (customer: typeof ALICE) => ({ identity: await codec.sign({ customerId: customer.id, role: customer.role }) });

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('orders subgraph subscriptions', () => {
  it('myOrderUpdates streams every change of a new order, each as of that change', async () => {
    const before = stack.pubsub.listenerCount(customerOrdersChannel(ALICE.id));
    const client = wsClient(stack.subgraphs.orders.url, { connectionParams: await as(ALICE) });
    const feed = collect(client, 'subscription { myOrderUpdates { id status statusHistory { to } } }');
    await waitFor('the subscription on the channel', () => stack.pubsub.listenerCount(customerOrdersChannel(ALICE.id)) > before);
    const p = product(51);
    await setStock(stack, p.id, 3);
    const order = (await createOrder(stack, await stack.signIn(ALICE.email, ALICE.password), { items: [{ productId: p.id, quantity: 1 }] })).body.data.createOrder;
    const events = await feed.until(4);
    expect(events.map((e) => e.myOrderUpdates.id)).toEqual(Array(4).fill(order.id));
    expect(events.map((e) => e.myOrderUpdates.status)).toEqual(['PENDING', 'RESERVED', 'PAID', 'CONFIRMED']);
    expect(events.map((e) => e.myOrderUpdates.statusHistory.length)).toEqual([1, 2, 3, 4]);
    feed.stop();
    await client.dispose();
  });

  it('orderStatusChanged follows one order and refuses another customer’s', async () => {
    const aliceToken = await stack.signIn(ALICE.email, ALICE.password);
    const p = product(52);
    await setStock(stack, p.id, 3);
    const order = (await createOrder(stack, aliceToken, { items: [{ productId: p.id, quantity: 1 }] })).body.data.createOrder;
    const query = 'subscription($id: ID!) { orderStatusChanged(orderId: $id) { id status failureReason } }';

    const bob = wsClient(stack.subgraphs.orders.url, { connectionParams: await as(BOB) });
    const refused = collect(bob, query, { id: order.id });
    await expect(refused.until(1, 3000)).rejects.toThrow(/NOT_FOUND|not found/);
    await bob.dispose();

    const alice = wsClient(stack.subgraphs.orders.url, { connectionParams: await as(ALICE) });
    const before = stack.pubsub.listenerCount(orderChannel(order.id));
    const feed = collect(alice, query, { id: order.id });
    await waitFor('the subscription on the channel', () => stack.pubsub.listenerCount(orderChannel(order.id)) > before);
    await stack.gql('mutation($id: ID!) { cancelOrder(id: $id) { status } }', { id: order.id }, { token: aliceToken });
    expect((await feed.until(1))[0].orderStatusChanged).toEqual({ id: order.id, status: 'CANCELLED', failureReason: null });
    feed.stop();
    await alice.dispose();
  });

  it('closes a connection whose identity was not signed by the gateway (4403)', async () => {
    let closeCode: number | undefined;
    const client = wsClient(stack.subgraphs.orders.url, {
      connectionParams: { identity: 'forged.token.here' },
      on: { closed: (event) => (closeCode = (event as { code: number }).code) },
    });
    const feed = collect(client, 'subscription { myOrderUpdates { id } }');
    expect(await waitFor('the close', () => closeCode, 2000)).toBe(4403);
    feed.stop();
    await client.dispose();
  });

  it('refuses a single subscription whose own identity (extensions.identity) the gateway did not sign, and keeps the connection', async () => {
    const client = wsClient(stack.subgraphs.orders.url);
    const errors: unknown[] = [];
    await new Promise<void>((resolve) => {
      client.subscribe(
        { query: 'subscription { myOrderUpdates { id } }', extensions: { identity: 'forged.token.here' } },
        { next: () => undefined, error: (e) => (errors.push(e), resolve()), complete: () => resolve() },
      );
    });
    expect(errors).toEqual([[expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]]);
    await client.dispose();
  });

  it('refuses an unsigned subscription document over 10,000 tokens before parsing it; a signed connection is not limited so', async () => {
    // 3,400 aliases of `id` (3 tokens each): 10,205 tokens, a 60 KB message.
    const query = `subscription { myOrderUpdates { ${Array.from({ length: 3400 }, (_, i) => `a${i}: id`).join(' ')} } }`;
    const unsigned = wsClient(stack.subgraphs.orders.url);
    const refused = await new Promise<unknown>((resolve) => unsigned.subscribe({ query }, { next: () => undefined, error: resolve, complete: () => resolve(null) }));
    // graphql-js's own message (its lexer stops at the limit).
    expect(refused).toEqual([expect.objectContaining({ message: expect.stringMatching(/^Syntax Error: Document contains more tha[nt] 10000 tokens\. Parsing aborted\.$/), extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]);
    await unsigned.dispose();

    // Signed: parsed, validated and subscribed (the subscription reaches the customer's channel).
    const before = stack.pubsub.listenerCount(customerOrdersChannel(ALICE.id));
    const signed = wsClient(stack.subgraphs.orders.url, { connectionParams: await as(ALICE) });
    const errors: unknown[] = [];
    const stop = signed.subscribe({ query }, { next: () => undefined, error: (e) => errors.push(e), complete: () => undefined });
    await waitFor('the subscription on the channel', () => stack.pubsub.listenerCount(customerOrdersChannel(ALICE.id)) > before);
    expect(errors).toEqual([]);
    stop();
    await signed.dispose();
  });
});
