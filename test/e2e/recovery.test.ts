import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '@ordergraph/testing';
import { RecoveryWorker } from '../../subgraphs/orders/src/services/RecoveryWorker.js';
import { ALICE, product, setStock, stockOf } from '../support/orders.js';

// Many orders left in flight by a crash or an outage (lease expired, nobody driving them):
// two recovery workers, as two replicas would run, finish them all without ever driving one
// order twice at once, and stock and payments balance.
const ORDERS = Number(process.env.RECOVERY_TEST_ORDERS ?? 64);
const CONCURRENCY = 8;
let stack: TestStack;

beforeAll(async () => {
  // Generous call timeouts and breaker: on a loaded machine a slow call must not fail orders here.
  stack = await startTestStack({ SAGA_RECOVERY_INTERVAL_MS: '0', SAGA_LEASE_MS: '30000', SAGA_CALL_TIMEOUT_MS: '20000', SAGA_BREAKER_THRESHOLD: '1000' });
});
afterAll(async () => {
  await stack?.stop();
});

async function strandOrders(p: ReturnType<typeof product>, count: number): Promise<string[]> {
  const prisma = stack.subgraphs.orders.database.prisma;
  const expired = new Date(Date.now() - 60_000);
  const ids = Array.from({ length: count }, () => crypto.randomUUID());
  await prisma.order.createMany({
    data: ids.map((id) => ({ id, customerId: ALICE.id, status: 'PENDING' as const, totalAmount: p.priceAmount, currency: p.currency, paymentMethod: 'tok_visa', leaseUntil: expired })),
  });
  await prisma.orderItem.createMany({ data: ids.map((orderId) => ({ orderId, position: 0, productId: p.id, quantity: 1, unitPriceAmount: p.priceAmount, currency: p.currency })) });
  return ids;
}

it(`finishes ${ORDERS} stranded orders in one pass over two replicas, never driving one order twice at once`, async () => {
  const p = product(12);
  await setStock(stack, p.id, ORDERS + 5);
  const ids = await strandOrders(p, ORDERS);
  const { saga } = stack.subgraphs.orders;
  const prisma = stack.subgraphs.orders.database.prisma;
  const driving = new Set<string>();
  const drives = new Map<string, number>();
  let overlaps = 0;
  let peak = 0;
  // Each replica drives through the saga's public entry point; the wrapper only watches.
  const watched = {
    drive: async (orderId: string) => {
      if (driving.has(orderId)) overlaps += 1;
      driving.add(orderId);
      peak = Math.max(peak, driving.size);
      drives.set(orderId, (drives.get(orderId) ?? 0) + 1);
      try {
        return await saga.drive(orderId);
      } finally {
        driving.delete(orderId);
      }
    },
  };
  const replicas = [0, 1].map(() => new RecoveryWorker(prisma, watched, { intervalMs: 0, leaseMs: 30_000, batchSize: 50, concurrency: CONCURRENCY, onError: (e, id) => console.error('recovery failed', id, e) }));
  const started = performance.now();
  const driven = await Promise.all(replicas.map((r) => r.runOnce()));
  const elapsedMs = performance.now() - started;
  console.log(`recovery: ${ORDERS} stranded orders final in ${Math.round(elapsedMs)} ms (2 replicas × ${CONCURRENCY}, ${stack.describeDatabase}), split ${driven.join('/')}, peak ${peak} in flight`);

  expect(overlaps).toBe(0);
  expect(driven[0]! + driven[1]!).toBe(ORDERS);
  expect(driven.every((n) => n > 0)).toBe(true); // both replicas took part
  expect([...drives.values()].every((n) => n === 1)).toBe(true); // each order claimed once
  expect(peak).toBeGreaterThan(CONCURRENCY); // concurrent, not one at a time
  const statuses = await prisma.order.groupBy({ by: ['status'], where: { id: { in: ids } }, _count: { _all: true } });
  expect(statuses.map((s) => [s.status, s._count._all])).toEqual([['CONFIRMED', ORDERS]]);
  expect(await stockOf(stack, p.id)).toEqual({ available: 5, reserved: 0 });
  const payments = await stack.subgraphs.payments.database.prisma.payment.groupBy({ by: ['status'], where: { orderId: { in: ids } }, _count: { _all: true } });
  expect(payments.map((s) => [s.status, s._count._all])).toEqual([['CAPTURED', ORDERS]]);
}, 120_000);

it('leaves orders alone while their lease runs, and takes them once it expires', async () => {
  const p = product(13);
  await setStock(stack, p.id, 10);
  const [id] = await strandOrders(p, 1);
  const prisma = stack.subgraphs.orders.database.prisma;
  await prisma.order.update({ where: { id: id! }, data: { leaseUntil: new Date(Date.now() + 60_000) } });
  const recovery = stack.subgraphs.orders.recovery;
  expect(await recovery.runOnce()).toBe(0);
  expect((await prisma.order.findUniqueOrThrow({ where: { id: id! } })).status).toBe('PENDING');
  await prisma.order.update({ where: { id: id! }, data: { leaseUntil: new Date(Date.now() - 1) } });
  expect(await recovery.runOnce()).toBe(1);
  expect(await prisma.order.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({ status: 'CONFIRMED', sagaAttempts: 1 });
});
