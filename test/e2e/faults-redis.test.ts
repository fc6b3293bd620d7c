import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestStack } from '@ordergraph/testing';
import { ADMIN, ALICE, BOB, CREATE_ORDER, createOrder, product, setStock } from '../support/orders.js';
import { startOrdersInChildProcess, type OrdersInChildProcess } from '../support/ordersProcess.js';
import { PrivateRedis } from '../support/privateRedis.js';
import { placeUnderLoad, waitFor } from '../support/faultLoad.js';

// Redis killed under order load: Redis is optional (rate limits count per process, order
// events stay local), so every service stays ready and reports Redis as degraded (readiness
// body and the dependency_up metric), orders keep being placed, no process exits, and all
// recovers when Redis is back. Orders runs as its own process; the rest in this one.
const redis = new PrivateRedis();
let harness: OrdersInChildProcess;
let stack: TestStack;

beforeAll(async () => {
  await redis.start();
  const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'redisfault:' };
  // FIELD_RATE_LIMITS=false: the load orders as fast as it can from two customers; the per-customer
  // createOrder limit would refuse it, and this test is about Redis.
  harness = await startOrdersInChildProcess(
    'redisfault',
    { ...env, FIELD_RATE_LIMITS: 'false', SAGA_LEASE_MS: '2000', SAGA_RECOVERY_INTERVAL_MS: '500' },
    { ...env, FIELD_RATE_LIMITS: 'false', LOG_LEVEL: 'fatal' },
  );
  ({ stack } = harness);
}, 180_000);

afterAll(async () => {
  await harness?.stop();
  await redis.destroy();
});

async function readiness(base: string): Promise<{ status: number; body: { ready?: boolean; checks?: Record<string, string>; degraded?: string[] } }> {
  const response = await fetch(`${base}/health/ready`);
  return { status: response.status, body: (await response.json()) as Awaited<ReturnType<typeof readiness>>['body'] };
}

async function redisUp(base: string): Promise<string | undefined> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return text.match(/^dependency_up\{[^}]*dependency="redis"[^}]*\} (\d)/m)?.[1];
}

it('keeps serving and stays ready with Redis gone, reports it degraded, and recovers when it is back', async () => {
  const products = [product(22), product(23)];
  for (const p of products) await setStock(stack, p.id, 1000);
  const tokens = await Promise.all([stack.signIn(ALICE.email, ALICE.password), stack.signIn(BOB.email, BOB.password)]);
  const gatewayBase = stack.gatewayUrl.replace(/\/graphql$/, '').replace('//localhost:', '//127.0.0.1:');
  const bases = [harness.ordersBase, gatewayBase];

  const load = placeUnderLoad(stack, tokens, products.map((p) => p.id), CREATE_ORDER);
  await waitFor('orders placed before the fault', () => load.placed >= 5, 30_000, () => load.recent());
  await redis.kill();
  for (const base of bases) {
    await waitFor(`${base} to report redis degraded`, async () => (await readiness(base)).body.degraded?.includes('redis') ?? false, 15_000);
    const { status, body } = await readiness(base);
    expect(status).toBe(200);
    expect(body.ready).toBe(true);
    expect(body.checks?.redis).toMatch(/^degraded: /);
  }
  expect(await redisUp(harness.ordersBase)).toBe('0');
  const placedBefore = load.placed;
  await waitFor('orders placed while Redis is down', () => load.placed >= placedBefore + 5, 30_000, () => load.recent());

  await redis.start();
  for (const base of bases) {
    await waitFor(`${base} to report redis ok`, async () => (await readiness(base)).body.checks?.redis === 'ok', 30_000);
    expect((await readiness(base)).body.degraded).toBeUndefined();
  }
  expect(await redisUp(harness.ordersBase)).toBe('1');
  const placedDuring = load.placed;
  await waitFor('orders placed after Redis is back', () => load.placed >= placedDuring + 3, 30_000, () => load.recent());
  const results = await load.stop();

  expect(harness.orders.alive).toBe(true);
  expect(results.flatMap((r) => r.errorCodes)).toEqual([]);
  const ids = results.map((r) => r.orderId!);
  const admin = await stack.signIn(ADMIN.email, ADMIN.password); // sees every customer's orders
  const statusOf = async (id: string) =>
    (await stack.gql(`query($id: ID!) { order(id: $id) { status } }`, { id }, { token: admin })).body.data?.order?.status as string | undefined;
  const finals = new Map<string, string>();
  await waitFor(
    'every order final',
    async () => {
      for (const id of ids) {
        if (finals.has(id)) continue;
        const status = await statusOf(id);
        if (status === 'CONFIRMED' || status === 'FAILED') finals.set(id, status);
      }
      return finals.size === ids.length;
    },
    30_000,
  );
  console.log(`redis outage: ${results.length} orders placed, ${results.length - placedDuring} after Redis was back; ${[...finals.values()].filter((s) => s === 'CONFIRMED').length} CONFIRMED`);
  const confirmed = ids.filter((id) => finals.get(id) === 'CONFIRMED');
  const stock = await stack.subgraphs.products.database.prisma.inventory.findMany({ where: { productId: { in: products.map((p) => p.id) } } });
  expect(stock.map((s) => s.reserved)).toEqual([0, 0]); // nothing left held
  expect(products.length * 1000 - stock.reduce((n, s) => n + s.available, 0)).toBe(confirmed.length); // one unit per CONFIRMED order
  const payments = await stack.subgraphs.payments.database.prisma.payment.findMany({ where: { orderId: { in: ids } } });
  expect(payments.filter((p) => p.status === 'CAPTURED').map((p) => p.orderId).sort()).toEqual([...confirmed].sort());
}, 240_000);

/** `promise`, or a rejection naming `what` once `ms` have passed (a stalled request, not a slow one). */
function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, stalled]).finally(() => clearTimeout(timer));
}

it('a paused Redis (socket open, no answers) stalls no request: limits fall back to memory, and Redis is used again once it answers', async () => {
  const gatewayBase = stack.gatewayUrl.replace(/\/graphql$/, '').replace('//localhost:', '//127.0.0.1:');
  await setStock(stack, product(24).id, 100);
  await waitFor('redis ok before the pause', async () => (await readiness(gatewayBase)).body.checks?.redis === 'ok', 30_000);
  redis.pause();
  try {
    // Before the client had command timeouts, the gateway's operation budget (a Redis counter)
    // held each of these until Redis answered again, however long that took.
    const token = await within('signIn with Redis paused', 10_000, stack.signIn(ALICE.email, ALICE.password));
    for (let i = 0; i < 3; i++) {
      const placed = await within('createOrder with Redis paused', 10_000, createOrder(stack, token, { items: [{ productId: product(24).id, quantity: 1 }] }));
      expect(placed.body.errors).toBeUndefined();
      expect(placed.body.data?.createOrder?.status).toBe('CONFIRMED');
    }
  } finally {
    redis.resume();
  }
  await waitFor('gateway to use redis again', async () => (await readiness(gatewayBase)).body.checks?.redis === 'ok', 30_000);
}, 120_000);
