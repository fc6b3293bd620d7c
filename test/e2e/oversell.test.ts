import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '@ordergraph/testing';
import { ALICE, BOB, CAROL, createOrder, product, setStock, stockOf } from '../support/orders.js';

let stack: TestStack;
beforeAll(async () => {
  // These tests place far more orders per customer than createOrder's 30/min field limit allows;
  // the limits themselves are tested in security-ratelimits.test.ts.
  stack = await startTestStack({ FIELD_RATE_LIMITS: 'false' });
});
afterAll(async () => {
  await stack?.stop();
});

it('200 concurrent orders for 1 unit against stock 50: exactly 50 confirmed, never oversold', async () => {
  const hot = product(20);
  await setStock(stack, hot.id, 50);
  const tokens = await Promise.all([ALICE, BOB, CAROL].map((c) => stack.signIn(c.email, c.password)));
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) => createOrder(stack, tokens[i % tokens.length]!, { items: [{ productId: hot.id, quantity: 1 }] })),
  );
  expect(results.filter((r) => r.body.errors)).toEqual([]);
  const orders = results.map((r) => r.body.data.createOrder);
  const confirmed = orders.filter((o) => o.status === 'CONFIRMED');
  const failed = orders.filter((o) => o.status === 'FAILED');
  expect(confirmed).toHaveLength(50);
  expect(failed).toHaveLength(150);
  expect(failed.every((o) => o.failureReason === 'OUT_OF_STOCK')).toBe(true);
  expect(await stockOf(stack, hot.id)).toEqual({ available: 0, reserved: 0 });
  const payments = await stack.subgraphs.payments.database.prisma.payment.findMany({ where: { orderId: { in: orders.map((o) => o.id) } } });
  expect(payments.filter((p) => p.status === 'CAPTURED').map((p) => p.orderId).sort()).toEqual(confirmed.map((o) => o.id).sort());
  // The 150 that never got stock never reached the payment step.
  expect(payments.filter((p) => p.status !== 'CAPTURED')).toEqual([]);
}, 180_000);
