import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORDERS } from '@ordergraph/demo-data';
import { startTestStack, type TestStack } from '@ordergraph/testing';
import { ADMIN, ALICE, BOB, codeOf, createOrder, ORDER_FIELDS, product, setStock, stockOf } from '../support/orders.js';

let stack: TestStack;
let alice: string;
let bob: string;
let admin: string;

beforeAll(async () => {
  // These tests place far more orders per customer than createOrder's 30/min field limit allows;
  // the limits themselves are tested in security-ratelimits.test.ts.
  stack = await startTestStack({ FIELD_RATE_LIMITS: 'false' });
  [alice, bob, admin] = await Promise.all([
    stack.signIn(ALICE.email, ALICE.password),
    stack.signIn(BOB.email, BOB.password),
    stack.signIn(ADMIN.email, ADMIN.password),
  ]);
});
afterAll(async () => {
  await stack?.stop();
});

const counts = async () => ({
  orders: await stack.subgraphs.orders.database.prisma.order.count(),
  history: await stack.subgraphs.orders.database.prisma.orderStatusChange.count(),
  payments: await stack.subgraphs.payments.database.prisma.payment.count(),
  reservations: await stack.subgraphs.products.database.prisma.reservation.count(),
});

describe('placing an order', () => {
  it('reserves, charges and confirms; stock leaves, the payment is captured', async () => {
    const p = product(1);
    await setStock(stack, p.id, 10);
    const r = await createOrder(stack, alice, { items: [{ productId: p.id, quantity: 3 }] });
    expect(r.body.errors).toBeUndefined();
    const order = r.body.data.createOrder;
    expect(order.status).toBe('CONFIRMED');
    expect(order.failureReason).toBeNull();
    expect(order.statusHistory.map((h: any) => [h.from, h.to])).toEqual([
      [null, 'PENDING'],
      ['PENDING', 'RESERVED'],
      ['RESERVED', 'PAID'],
      ['PAID', 'CONFIRMED'],
    ]);
    expect(order.total).toEqual({ amount: 3 * p.priceAmount, currency: 'USD' });
    expect(order.payment).toEqual({ status: 'CAPTURED', amount: { amount: 3 * p.priceAmount } });
    expect(await stockOf(stack, p.id)).toEqual({ available: 7, reserved: 0 });
    // Every transition went to the outbox in the same transaction as the change.
    const events = await stack.subgraphs.orders.database.prisma.outboxEvent.findMany({ where: { aggregateId: order.id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => (e.payload as any).to)).toEqual(['PENDING', 'RESERVED', 'PAID', 'CONFIRMED']);
    expect(events.every((e) => e.type === 'OrderStatusChanged')).toBe(true);
  });

  it('captures the unit price at order time: later price changes do not alter the total', async () => {
    const [a, b] = [product(2), product(3)];
    await Promise.all([setStock(stack, a.id, 50), setStock(stack, b.id, 50)]);
    const first = (await createOrder(stack, alice, { items: [{ productId: a.id, quantity: 2 }, { productId: b.id, quantity: 5 }] })).body.data.createOrder;
    expect(first.total.amount).toBe(2 * a.priceAmount + 5 * b.priceAmount);
    expect(first.items.map((i: any) => i.unitPrice.amount)).toEqual([a.priceAmount, b.priceAmount]);

    const raised = await stack.gql('mutation($id: ID!, $amount: Int!) { setProductPrice(productId: $id, amount: $amount) { price { amount } } }', { id: a.id, amount: a.priceAmount + 1000 }, { token: admin });
    expect(raised.body.data.setProductPrice.price.amount).toBe(a.priceAmount + 1000);

    const again = await stack.gql(`query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id: first.id }, { token: alice });
    expect(again.body.data.order.total.amount).toBe(first.total.amount);
    expect(again.body.data.order.payment.amount.amount).toBe(first.total.amount);
    const second = (await createOrder(stack, alice, { items: [{ productId: a.id, quantity: 2 }] })).body.data.createOrder;
    expect(second.total.amount).toBe(2 * (a.priceAmount + 1000));
  });

  it('fails a declined payment, restores the stock fully and records the reason', async () => {
    const p = product(4);
    await setStock(stack, p.id, 10);
    const order = (await createOrder(stack, alice, { items: [{ productId: p.id, quantity: 4 }], paymentMethod: 'tok_decline' })).body.data.createOrder;
    expect(order.status).toBe('FAILED');
    expect(order.failureReason).toBe('PAYMENT_DECLINED');
    expect(order.payment.status).toBe('DECLINED');
    expect(order.statusHistory.at(-1)).toMatchObject({ from: 'RESERVED', to: 'FAILED', reason: 'PAYMENT_DECLINED' });
    expect(await stockOf(stack, p.id)).toEqual({ available: 10, reserved: 0 });
  });

  it('declines amounts over the card limit', async () => {
    const p = product(3); // a monitor: 40 of them are over the default 1,000,000 limit
    await setStock(stack, p.id, 100);
    const order = (await createOrder(stack, alice, { items: [{ productId: p.id, quantity: 40 }] })).body.data.createOrder;
    expect(order.total.amount).toBeGreaterThan(1_000_000);
    expect(order).toMatchObject({ status: 'FAILED', failureReason: 'PAYMENT_DECLINED' });
    expect(await stockOf(stack, p.id)).toEqual({ available: 100, reserved: 0 });
  });

  it('fails with OUT_OF_STOCK when any line lacks stock, holding none of the others', async () => {
    const [a, b] = [product(5), product(6)];
    await Promise.all([setStock(stack, a.id, 5), setStock(stack, b.id, 1)]);
    const order = (await createOrder(stack, alice, { items: [{ productId: a.id, quantity: 5 }, { productId: b.id, quantity: 2 }] })).body.data.createOrder;
    expect(order).toMatchObject({ status: 'FAILED', failureReason: 'OUT_OF_STOCK', payment: null });
    expect(await stockOf(stack, a.id)).toEqual({ available: 5, reserved: 0 });
    expect(await stockOf(stack, b.id)).toEqual({ available: 1, reserved: 0 });
  });
});

describe('bad input is refused and nothing is written', () => {
  const p = () => product(7);
  it.each([
    ['no lines', () => ({ items: [] }), 'BAD_USER_INPUT'],
    ['quantity 0', () => ({ items: [{ productId: p().id, quantity: 0 }] }), 'BAD_USER_INPUT'],
    ['negative quantity', () => ({ items: [{ productId: p().id, quantity: -3 }] }), 'BAD_USER_INPUT'],
    ['quantity over 1000', () => ({ items: [{ productId: p().id, quantity: 1001 }] }), 'BAD_USER_INPUT'],
    ['51 lines', () => ({ items: Array.from({ length: 51 }, (_, i) => ({ productId: product(i).id, quantity: 1 })) }), 'BAD_USER_INPUT'],
    ['duplicate product lines', () => ({ items: [{ productId: p().id, quantity: 1 }, { productId: p().id, quantity: 2 }] }), 'BAD_USER_INPUT'],
    ['unknown product', () => ({ items: [{ productId: 'no-such-product', quantity: 1 }] }), 'PRODUCT_UNAVAILABLE'],
    ['a card number instead of a token', () => ({ items: [{ productId: p().id, quantity: 1 }], paymentMethod: '4242424242424242' }), 'BAD_USER_INPUT'],
    ['an over-long idempotency key', () => ({ items: [{ productId: p().id, quantity: 1 }], idempotencyKey: 'k'.repeat(101) }), 'BAD_USER_INPUT'],
  ])('%s', async (_name, input, code) => {
    const before = await counts();
    const r = await createOrder(stack, alice, input() as any);
    expect(codeOf(r)).toBe(code);
    expect(r.body.errors?.[0]?.message).toMatch(/\w/);
    expect(await counts()).toEqual(before);
  });

  it('inactive product', async () => {
    const p = product(8);
    await stack.subgraphs.products.database.prisma.product.update({ where: { id: p.id }, data: { active: false } });
    try {
      const before = await counts();
      const r = await createOrder(stack, alice, { items: [{ productId: p.id, quantity: 1 }] });
      expect(codeOf(r)).toBe('PRODUCT_UNAVAILABLE');
      expect(r.body.errors?.[0]?.extensions?.productId).toBe(p.id);
      expect(await counts()).toEqual(before);
    } finally {
      await stack.subgraphs.products.database.prisma.product.update({ where: { id: p.id }, data: { active: true } });
    }
  });

  it('anonymous callers cannot order', async () => {
    const r = await stack.gql('mutation($input: CreateOrderInput!) { createOrder(input: $input) { id } }', { input: { items: [{ productId: product(1).id, quantity: 1 }], paymentMethod: 'tok_visa' } });
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
  });

  it('another customer’s order id is NOT_FOUND for cancel, and the order is untouched', async () => {
    const bobs = DEMO_ORDERS.find((o) => o.customerId === BOB.id && o.status === 'CONFIRMED')!;
    const r = await stack.gql('mutation($id: ID!) { cancelOrder(id: $id) { id status } }', { id: bobs.id }, { token: alice });
    expect(codeOf(r)).toBe('NOT_FOUND');
    const still = await stack.gql('query($id: ID!) { order(id: $id) { status } }', { id: bobs.id }, { token: bob });
    expect(still.body.data.order.status).toBe('CONFIRMED');
  });
});

describe('after confirmation', () => {
  it('the owner cancels: stock goes back, the payment is refunded; cancel is idempotent', async () => {
    const p = product(9);
    await setStock(stack, p.id, 10);
    const order = (await createOrder(stack, alice, { items: [{ productId: p.id, quantity: 2 }] })).body.data.createOrder;
    expect(await stockOf(stack, p.id)).toEqual({ available: 8, reserved: 0 });
    const cancel = `mutation($id: ID!) { cancelOrder(id: $id) { ${ORDER_FIELDS} } }`;
    const cancelled = (await stack.gql(cancel, { id: order.id }, { token: alice })).body.data.cancelOrder;
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.payment.status).toBe('REFUNDED');
    expect(cancelled.statusHistory.at(-1)).toMatchObject({ from: 'CONFIRMED', to: 'CANCELLED' });
    expect(await stockOf(stack, p.id)).toEqual({ available: 10, reserved: 0 });
    const again = (await stack.gql(cancel, { id: order.id }, { token: alice })).body.data.cancelOrder;
    expect(again.status).toBe('CANCELLED');
    expect(await stockOf(stack, p.id)).toEqual({ available: 10, reserved: 0 });
  });

  it('only an ADMIN ships and delivers; illegal transitions are refused', async () => {
    const p = product(10);
    await setStock(stack, p.id, 10);
    const order = (await createOrder(stack, alice, { items: [{ productId: p.id, quantity: 1 }] })).body.data.createOrder;
    const ship = 'mutation($id: ID!) { shipOrder(id: $id) { status statusHistory { to } } }';
    const deliver = 'mutation($id: ID!) { deliverOrder(id: $id) { status } }';
    expect(codeOf(await stack.gql(ship, { id: order.id }, { token: alice }))).toBe('FORBIDDEN');
    expect(codeOf(await stack.gql(deliver, { id: order.id }, { token: admin }))).toBe('ILLEGAL_TRANSITION');
    expect((await stack.gql(ship, { id: order.id }, { token: admin })).body.data.shipOrder.status).toBe('SHIPPED');
    expect(codeOf(await stack.gql('mutation($id: ID!) { cancelOrder(id: $id) { id } }', { id: order.id }, { token: alice }))).toBe('ILLEGAL_TRANSITION');
    expect((await stack.gql(deliver, { id: order.id }, { token: admin })).body.data.deliverOrder.status).toBe('DELIVERED');
    expect(codeOf(await stack.gql(ship, { id: order.id }, { token: admin }))).toBe('ILLEGAL_TRANSITION');
  });

  it('a FAILED order cannot be cancelled or shipped', async () => {
    const failed = DEMO_ORDERS.find((o) => o.customerId === ALICE.id && o.status === 'FAILED')!;
    expect(codeOf(await stack.gql('mutation($id: ID!) { cancelOrder(id: $id) { id } }', { id: failed.id }, { token: alice }))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(await stack.gql('mutation($id: ID!) { shipOrder(id: $id) { id } }', { id: failed.id }, { token: admin }))).toBe('ILLEGAL_TRANSITION');
  });
});

describe('restock', () => {
  it('is ADMIN-only, validates the quantity and adds to available stock', async () => {
    const p = product(11);
    await setStock(stack, p.id, 3);
    const restock = 'mutation($id: ID!, $q: Int!) { restock(productId: $id, quantity: $q) { id inventory { available reserved } } }';
    expect(codeOf(await stack.gql(restock, { id: p.id, q: 5 }, { token: alice }))).toBe('FORBIDDEN');
    expect(codeOf(await stack.gql(restock, { id: p.id, q: 5 }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await stack.gql(restock, { id: p.id, q: 0 }, { token: admin }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await stack.gql(restock, { id: 'nope', q: 5 }, { token: admin }))).toBe('NOT_FOUND');
    const r = await stack.gql(restock, { id: p.id, q: 5 }, { token: admin });
    expect(r.body.data.restock.inventory).toEqual({ available: 8, reserved: 0 });
  });
});

describe('idempotency', () => {
  it('the same key sent 20 times concurrently makes one order and one payment', async () => {
    const p = product(12);
    await setStock(stack, p.id, 100);
    const key = `key-${Date.now()}`;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => createOrder(stack, alice, { items: [{ productId: p.id, quantity: 1 }], idempotencyKey: key })),
    );
    const ids = new Set(results.map((r) => r.body.data?.createOrder?.id));
    expect(results.map((r) => r.body.errors)).toEqual(Array(20).fill(undefined));
    expect(ids.size).toBe(1);
    expect(results.every((r) => r.body.data.createOrder.status === 'CONFIRMED')).toBe(true);
    const [id] = [...ids] as [string];
    expect(await stack.subgraphs.payments.database.prisma.payment.count({ where: { orderId: id } })).toBe(1);
    expect(await stockOf(stack, p.id)).toEqual({ available: 99, reserved: 0 });
  });

  it('the same key from another customer is a different order', async () => {
    const p = product(12);
    const key = `shared-${Date.now()}`;
    const a = (await createOrder(stack, alice, { items: [{ productId: p.id, quantity: 1 }], idempotencyKey: key })).body.data.createOrder;
    const b = (await createOrder(stack, bob, { items: [{ productId: p.id, quantity: 1 }], idempotencyKey: key })).body.data.createOrder;
    expect(a.id).not.toBe(b.id);
  });

  it('reusing a key for a different order is refused', async () => {
    const key = `reuse-${Date.now()}`;
    await createOrder(stack, alice, { items: [{ productId: product(12).id, quantity: 1 }], idempotencyKey: key });
    const r = await createOrder(stack, alice, { items: [{ productId: product(12).id, quantity: 2 }], idempotencyKey: key });
    expect(codeOf(r)).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('internal operations', () => {
  it('are not part of the public graph', async () => {
    const r = await stack.gql('mutation { reserveStock(input: { orderId: "x", items: [] }) { outcome } }', {}, { token: admin });
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    const q = await stack.gql('{ productQuotes(ids: ["x"]) { id } }', {}, { token: admin });
    expect(codeOf(q)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuse callers without the orders service credential, even an ADMIN reaching the subgraph directly', async () => {
    const direct = (query: string, headers: Record<string, string> = {}) => stack.gql(query, {}, { url: stack.subgraphs.products.url, headers });
    const reserve = `mutation { reserveStock(input: { orderId: "attack", items: [{ productId: "${product(13).id}", quantity: 1 }] }) { outcome } }`;
    expect(codeOf(await direct(reserve))).toBe('FORBIDDEN');
    const wrongAudience = await stack.subgraphs.orders.serviceTokens.tokenFor('payments');
    expect(codeOf(await direct(reserve, { 'x-ordergraph-service': wrongAudience }))).toBe('FORBIDDEN');
    const charge = 'mutation { chargePayment(input: { orderId: "attack", customerId: "x", amount: 1, currency: "USD", paymentMethod: "tok_visa" }) { status } }';
    expect(codeOf(await stack.gql(charge, {}, { url: stack.subgraphs.payments.url }))).toBe('FORBIDDEN');
    expect(await stack.subgraphs.products.database.prisma.reservation.count({ where: { id: 'attack' } })).toBe(0);
  });
});
