import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestStack } from '@ordergraph/testing';
import type { ChildService } from '../support/childService.js';
import type { FaultProxy } from '../support/faultProxy.js';
import { ALICE, createOrder, product, setStock, stockOf } from '../support/orders.js';
import { startOrdersInChildProcess, type OrdersInChildProcess } from '../support/ordersProcess.js';

// SIGTERM (a rolling deploy, a scale-down) while customers place orders: the orders service
// runs as its own process, payments answer slowly so sagas are mid-flight at the signal.
let harness: OrdersInChildProcess;
let stack: TestStack;
let proxy: FaultProxy;
let orders: ChildService;

beforeAll(async () => {
  harness = await startOrdersInChildProcess('sigterm', {
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT_MS: '15000',
    SAGA_LEASE_MS: '1000',
    SAGA_RECOVERY_INTERVAL_MS: '200',
  });
  ({ stack, proxy, orders } = harness);
}, 120_000);

afterAll(async () => {
  await harness?.stop();
});

it('finishes every order it accepted, refuses the rest cleanly, and leaves no order half-done', async () => {
  const p = product(41);
  await setStock(stack, p.id, 1000);
  const token = await stack.signIn(ALICE.email, ALICE.password);
  proxy.mode = 'slow';
  proxy.delayMs = 400; // every charge is in flight for a while

  // 8 orders in flight at the signal, and a stream of new ones while the service drains.
  const results: Array<Promise<{ status: string | null; error: string | null }>> = [];
  const place = () =>
    results.push(
      createOrder(stack, token, { items: [{ productId: p.id, quantity: 1 }] }).then(
        (r) => ({ status: r.body.data?.createOrder?.status ?? null, error: r.body.errors?.[0]?.extensions?.code ?? null }),
        (e: Error) => ({ status: null, error: String(e) }),
      ),
    );
  for (let i = 0; i < 8; i++) place();
  const reservations = stack.subgraphs.products.database.prisma.reservation;
  for (let i = 0; i < 200 && (await reservations.count({ where: { status: 'RESERVED' } })) < 8; i++) await sleep(25);
  expect(await reservations.count({ where: { status: 'RESERVED' } })).toBe(8);

  const stopping = orders.kill('SIGTERM');
  for (let i = 0; i < 10; i++) {
    place();
    await sleep(20);
  }
  await stopping;
  const outcomes = await Promise.all(results);
  expect(orders.output).toMatch(/"requestsCut":0,"handedOff":\[\],"msg":"stopped"/);

  // The 8 in flight completed; later ones either completed or never reached the orders service.
  expect(outcomes.slice(0, 8).map((o) => o.status)).toEqual(Array(8).fill('CONFIRMED'));
  const confirmed = outcomes.filter((o) => o.status === 'CONFIRMED').length;
  for (const o of outcomes.filter((x) => x.status !== 'CONFIRMED')) expect(o.status).toBeNull();

  // Restart on the same database: every order that exists is final, and it is one the client saw confirmed.
  proxy.mode = 'pass';
  await orders.start(); // the same process settings: port, database, dependencies
  const all = (await stack.gql('{ orders(first: 100) { edges { node { status items { product { id } } } } } }', {}, { token })).body.data.orders.edges
    .map((e: any) => e.node)
    .filter((o: any) => o.items.some((i: any) => i.product.id === p.id));
  expect(all.map((o: any) => o.status)).toEqual(Array(confirmed).fill('CONFIRMED'));
  expect(await stockOf(stack, p.id)).toEqual({ available: 1000 - confirmed, reserved: 0 });
  console.log(`SIGTERM during order placement: ${confirmed} orders confirmed (8 in flight at the signal), ${outcomes.length - confirmed} refused before reaching orders, 0 half-done`);
}, 120_000);
