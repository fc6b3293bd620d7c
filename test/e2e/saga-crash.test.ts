import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '@ordergraph/testing';
import { ChildService, freePort } from '../support/childService.js';
import { FaultProxy } from '../support/faultProxy.js';
import { ALICE, createOrder, ORDER_FIELDS, product, setStock, stockOf } from '../support/orders.js';

// The orders service runs as its own process so it can really be killed (SIGKILL) in the
// middle of a saga and started again on the same database.
let stack: TestStack;
let proxy: FaultProxy;
let orders: ChildService;
let dataDir: string;
const schemaPrefix = `crash${process.pid}_`;

beforeAll(async () => {
  proxy = new FaultProxy();
  const paymentsViaProxy = await proxy.start();
  const port = await freePort();
  const ordersUrl = `http://127.0.0.1:${port}/graphql`;
  stack = await startTestStack({ SUBGRAPH_URL_ORDERS: ordersUrl });
  proxy.target = stack.subgraphs.payments.url;
  dataDir = await mkdtemp(path.join(tmpdir(), 'ordergraph-crash-'));
  const database: Record<string, string> = process.env.TEST_DATABASE_URL
    ? { DATABASE_URL: process.env.TEST_DATABASE_URL, DATABASE_SCHEMA_PREFIX: schemaPrefix }
    : { DATA_DIR: dataDir };
  orders = new ChildService('subgraphs/orders/src/index.ts', {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    ...database,
    PRODUCTS_URL: stack.subgraphs.products.url,
    PAYMENTS_URL: paymentsViaProxy,
    SAGA_CALL_TIMEOUT_MS: '10000',
    SAGA_LEASE_MS: '1000',
    SAGA_RECOVERY_INTERVAL_MS: '200',
  });
  await orders.start();
}, 120_000);

afterAll(async () => {
  await orders?.kill();
  await stack?.stop();
  await proxy?.stop();
  await rm(dataDir, { recursive: true, force: true });
  if (process.env.TEST_DATABASE_URL) {
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schemaPrefix}orders" CASCADE`).finally(() => client.end());
  }
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
  expect(payments.map((x) => [x.status, x.amount])).toEqual([['CAPTURED', 2 * p.priceAmount]]);
}, 120_000);
