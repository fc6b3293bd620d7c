import { setTimeout as sleep } from 'node:timers/promises';
import { CircuitState } from 'cockatiel';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '@ordergraph/testing';
import { FaultProxy } from '../support/faultProxy.js';
import { ALICE, createOrder, product, setStock, stockOf } from '../support/orders.js';

const BREAKER_RESET_MS = 1000;
let stack: TestStack;
let proxy: FaultProxy;
let token: string;

beforeAll(async () => {
  proxy = new FaultProxy();
  const proxyUrl = await proxy.start();
  stack = await startTestStack({
    PAYMENTS_URL: proxyUrl,
    SAGA_CALL_TIMEOUT_MS: '300',
    SAGA_RETRIES: '1',
    SAGA_BREAKER_THRESHOLD: '2',
    SAGA_BREAKER_RESET_MS: String(BREAKER_RESET_MS),
    SAGA_LEASE_MS: '200',
    SAGA_RECOVERY_INTERVAL_MS: '0', // the test runs recovery passes itself
  });
  proxy.target = stack.subgraphs.payments.url;
  token = await stack.signIn(ALICE.email, ALICE.password);
});
afterAll(async () => {
  await stack?.stop();
  await proxy?.stop();
});
beforeEach(() => {
  proxy.mode = 'pass';
});

const breaker = () => stack.subgraphs.orders.breakers.payments;
const orderStatus = async (id: string) =>
  stack.subgraphs.orders.database.prisma.order.findUniqueOrThrow({ where: { id }, select: { status: true, failureReason: true } });
const paymentOf = (orderId: string) => stack.subgraphs.payments.database.prisma.payment.findUnique({ where: { orderId } });

/**
 * Payments is back: wait for the breaker to half-open and leases to expire, then recover. On a
 * loaded machine the probe call can still miss its 300 ms timeout, so the breaker opens again:
 * retry a few times, as the recovery worker's next passes would.
 */
async function heal() {
  proxy.mode = 'pass';
  for (let attempt = 0; attempt < 5; attempt++) {
    await sleep(BREAKER_RESET_MS + 100);
    await stack.subgraphs.orders.recovery.runOnce();
    if (breaker().state === CircuitState.Closed) return;
  }
}

/** Poll until `check` holds (the late charge travels through a slowed proxy). */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value) && Date.now() < deadline) {
    await sleep(50);
    value = await read();
  }
  return value;
}

describe('payments unavailable', () => {
  it('down: the order fails, stock is restored at once, the breaker opens, recovery finishes the compensation', async () => {
    const p = product(30);
    await setStock(stack, p.id, 10);
    proxy.mode = 'down';
    const r = await createOrder(stack, token, { items: [{ productId: p.id, quantity: 2 }] });
    expect(r.body.errors).toBeUndefined();
    const order = r.body.data.createOrder;
    expect(order.failureReason).toBe('SERVICE_UNAVAILABLE');
    // Stock came back straight away; the payment void waits for payments to return.
    expect(await stockOf(stack, p.id)).toEqual({ available: 10, reserved: 0 });
    expect(order.status).toBe('RESERVED');
    expect(breaker().state).toBe(CircuitState.Open);

    // While open, calls fail fast without reaching payments.
    const seen = proxy.requests;
    const second = (await createOrder(stack, token, { items: [{ productId: p.id, quantity: 1 }] })).body.data.createOrder;
    expect(second.failureReason).toBe('SERVICE_UNAVAILABLE');
    expect(proxy.requests).toBe(seen);

    await heal();
    expect(breaker().state).toBe(CircuitState.Closed);
    for (const id of [order.id, second.id]) {
      expect(await orderStatus(id)).toEqual({ status: 'FAILED', failureReason: 'SERVICE_UNAVAILABLE' });
      // Nothing was ever charged: the void left a tombstone so a late charge cannot take money.
      expect((await paymentOf(id))?.status).toBe('VOIDED');
    }
    expect(await stockOf(stack, p.id)).toEqual({ available: 10, reserved: 0 });
    const history = await stack.subgraphs.orders.database.prisma.orderStatusChange.findMany({ where: { orderId: order.id }, orderBy: { id: 'asc' } });
    expect(history.map((h) => h.to)).toEqual(['PENDING', 'RESERVED', 'FAILED']);
  });

  it('timing out: the late charge that still lands is refunded, never kept', async () => {
    const p = product(31);
    await setStock(stack, p.id, 10);
    proxy.mode = 'slow';
    proxy.delayMs = 800; // longer than the 300 ms call timeout: the charge arrives after the saga gave up
    const order = (await createOrder(stack, token, { items: [{ productId: p.id, quantity: 3 }] })).body.data.createOrder;
    expect(order.failureReason).toBe('SERVICE_UNAVAILABLE');
    expect(await stockOf(stack, p.id)).toEqual({ available: 10, reserved: 0 });
    expect(breaker().state).toBe(CircuitState.Open);
    // The delayed charge reaches payments after the saga gave up.
    expect((await eventually(() => paymentOf(order.id), (p) => p?.status === 'CAPTURED'))?.status).toBe('CAPTURED');

    await heal();
    expect(breaker().state).toBe(CircuitState.Closed);
    expect(await orderStatus(order.id)).toEqual({ status: 'FAILED', failureReason: 'SERVICE_UNAVAILABLE' });
    expect((await paymentOf(order.id))?.status).toBe('REFUNDED');
    expect(await stockOf(stack, p.id)).toEqual({ available: 10, reserved: 0 });
  });

  it('after healing, orders go through again', async () => {
    const p = product(32);
    await setStock(stack, p.id, 5);
    const order = (await createOrder(stack, token, { items: [{ productId: p.id, quantity: 1 }] })).body.data.createOrder;
    expect(order.status).toBe('CONFIRMED');
    expect(await stockOf(stack, p.id)).toEqual({ available: 4, reserved: 0 });
  });
});
