import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestStack } from '@ordergraph/testing';
import type { ChildService } from '../support/childService.js';
import type { FaultProxy } from '../support/faultProxy.js';
import { ALICE, createOrder, ORDER_FIELDS, product, setStock, stockOf } from '../support/orders.js';
import { startOrdersInChildProcess, type OrdersInChildProcess } from '../support/ordersProcess.js';

// The orders service runs as its own process so it can really be killed (SIGKILL) in the
// middle of a saga and started again on the same database.
let harness: OrdersInChildProcess;
let stack: TestStack;
let proxy: FaultProxy;
let orders: ChildService;

beforeAll(async () => {
  harness = await startOrdersInChildProcess('crash', { SAGA_CALL_TIMEOUT_MS: '10000', SAGA_LEASE_MS: '1000', SAGA_RECOVERY_INTERVAL_MS: '200' });
  ({ stack, proxy, orders } = harness);
}, 120_000);

afterAll(async () => {
  await harness?.stop();
});

it('an order whose orders process dies between reservation and payment converges after restart', async () => {
  const p = product(40);
  await setStock(stack, p.id, 10);
  const token = await stack.signIn(ALICE.email, ALICE.password);
  proxy.mode = 'slow';
  proxy.delayMs = 1500; // the charge is in flight when the process dies

  const placing = createOrder(stack, token, { items: [{ productId: p.id, quantity: 2 }] }).catch(() => null);
  const reservations = stack.subgraphs.products.database.prisma.reservation;
  let orderId: string | undefined;
  for (let i = 0; i < 200 && !orderId; i++) {
    orderId = (await reservations.findFirst({ where: { status: 'RESERVED' } }))?.id;
    if (!orderId) await sleep(25);
  }
  expect(orderId).toBeDefined();
  await orders.kill('SIGKILL');
  const lost = await placing;
  expect(lost?.body.data?.createOrder ?? null).toBeNull(); // the client saw the crash
  expect(await stockOf(stack, p.id)).toEqual({ available: 8, reserved: 2 }); // held, not yet sold

  proxy.mode = 'pass';
  await orders.start();
  let order: any = null;
  for (let i = 0; i < 100; i++) {
    order = (await stack.gql(`query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id: orderId }, { token })).body.data?.order;
    if (order?.status === 'CONFIRMED' || order?.status === 'FAILED') break;
    await sleep(100);
  }
  expect(order.status).toBe('CONFIRMED');
  expect(order.statusHistory.map((h: any) => h.to)).toEqual(['PENDING', 'RESERVED', 'PAID', 'CONFIRMED']);
  expect(await stockOf(stack, p.id)).toEqual({ available: 8, reserved: 0 });
  const payments = await stack.subgraphs.payments.database.prisma.payment.findMany({ where: { orderId } });
  expect(payments.map((x) => [x.status, x.amount])).toEqual([['CAPTURED', BigInt(2 * p.priceAmount)]]);
}, 120_000);
