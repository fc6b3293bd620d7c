import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { customerOrdersChannel, orderChannel, RedisPubSub, type PubSub } from '@ordergraph/pubsub';
import { startTestStack, type TestStack } from '@ordergraph/testing';
import { ALICE, createOrder, product, setStock } from '../support/orders.js';

// With TEST_REDIS_URL the stack publishes through Redis and this test listens from a second,
// independent Redis connection, as another gateway replica would; otherwise in-process.
const redisUrl = process.env.TEST_REDIS_URL;
const prefix = `outbox-test:${randomBytes(4).toString('hex')}:`;
let stack: TestStack;
let listener: PubSub;

beforeAll(async () => {
  stack = await startTestStack(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix } : {});
  listener = redisUrl ? new RedisPubSub({ url: redisUrl, prefix }) : stack.pubsub;
});
afterAll(async () => {
  if (listener !== stack?.pubsub) await listener?.close();
  await stack?.stop();
});

it('publishes every status change of an order, in order, on its order and customer channels, once each', async () => {
  const p = product(50);
  await setStock(stack, p.id, 5);
  const token = await stack.signIn(ALICE.email, ALICE.password);
  const byCustomer: any[] = [];
  const byOrder = new Map<string, any[]>();
  await listener.subscribe(customerOrdersChannel(ALICE.id), (m) => {
    const event = JSON.parse(m);
    byCustomer.push(event);
    if (!byOrder.has(event.orderId)) {
      byOrder.set(event.orderId, []);
      void listener.subscribe(orderChannel(event.orderId), (o) => byOrder.get(event.orderId)!.push(JSON.parse(o)));
    }
  });
  const confirmed = (await createOrder(stack, token, { items: [{ productId: p.id, quantity: 1 }] })).body.data.createOrder;
  const failed = (await createOrder(stack, token, { items: [{ productId: p.id, quantity: 1 }], paymentMethod: 'tok_decline' })).body.data.createOrder;
  await stack.subgraphs.orders.relay.runOnce();
  for (let i = 0; i < 100 && byCustomer.length < 7; i++) await new Promise((r) => setTimeout(r, 20));

  const path = (orderId: string) => byCustomer.filter((e) => e.orderId === orderId).map((e) => e.to);
  expect(path(confirmed.id)).toEqual(['PENDING', 'RESERVED', 'PAID', 'CONFIRMED']);
  expect(path(failed.id)).toEqual(['PENDING', 'RESERVED', 'FAILED']);
  expect(byCustomer.find((e) => e.to === 'FAILED')).toMatchObject({ from: 'RESERVED', reason: 'PAYMENT_DECLINED', customerId: ALICE.id });
  const ids = byCustomer.map((e) => BigInt(e.id));
  expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
  expect(new Set(ids).size).toBe(ids.length);
  const unpublished = await stack.subgraphs.orders.database.prisma.outboxEvent.count({ where: { publishedAt: null } });
  expect(unpublished).toBe(0);
});
