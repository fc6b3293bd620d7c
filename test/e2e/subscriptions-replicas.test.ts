import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerOrdersChannel } from '@ordergraph/pubsub';
import { startTestStack, type TestStack } from '@ordergraph/testing';
import { ChildService, freePort } from '../support/childService.js';
import { ALICE, createOrder, product, setStock } from '../support/orders.js';
import { collect, wsClient } from '../support/wsClient.js';
import { waitFor } from '../support/waitFor.js';

// Scale-out through Redis: two gateway replicas and two orders replicas sharing one database
// and one Redis. A client subscribed on gateway A (whose orders upstream is replica 2) gets
// the events of an order placed through gateway B (on replica 1). Needs PostgreSQL and Redis
// (two processes cannot share an embedded PGlite database), so it runs in CI's PostgreSQL pass.
const shared = Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL);

describe.skipIf(!shared)('subscriptions across replicas (Redis pub/sub)', () => {
  let stack: TestStack;
  let orders2: ChildService;
  let gatewayA: { url: string };
  let redis: Redis;
  /** Subscribers of a channel in Redis, every process counted (orders replica 2 runs in a child process). */
  const redisSubscribers = async (channel: string) => {
    const [, count] = (await redis.pubsub('NUMSUB', `${stack.env.REDIS_KEY_PREFIX}${channel}`)) as [string, number];
    return Number(count);
  };
  /** Subscribe, then wait until the orders replica subscribed to Alice's channel in Redis: events published from then on arrive. */
  const subscribeAlice = async (client: ReturnType<typeof wsClient>, query: string) => {
    // Redis counts one subscriber per process, however many listeners it has: start from none (the
    // previous test's subscription must be gone), so the count rising means this one is registered.
    const channel = customerOrdersChannel(ALICE.id);
    await waitFor('earlier subscriptions to end', async () => (await redisSubscribers(channel)) === 0);
    const feed = collect(client, query);
    await waitFor('the upstream subscription in Redis', async () => (await redisSubscribers(channel)) > 0);
    return feed;
  };
  /** No repeat after `count` events: a new order's PENDING is the very next event (events of one subscription arrive in order). */
  const nothingMoreThan = async (feed: ReturnType<typeof collect<any>>, count: number, token: string, productId: string) => {
    const sentinel = (await createOrder(stack, token, { items: [{ productId, quantity: 1 }] })).body.data.createOrder;
    const events = await feed.until(count + 1, 15_000);
    expect(events[count].myOrderUpdates).toMatchObject({ id: sentinel.id, status: 'PENDING' });
  };

  beforeAll(async () => {
    stack = await startTestStack();
    const port = await freePort();
    orders2 = new ChildService('subgraphs/orders/src/index.ts', {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DATABASE_URL: stack.env.DATABASE_URL as string,
      DATABASE_SCHEMA_PREFIX: stack.env.DATABASE_SCHEMA_PREFIX as string,
      REDIS_URL: stack.env.REDIS_URL as string,
      REDIS_KEY_PREFIX: stack.env.REDIS_KEY_PREFIX as string,
      PRODUCTS_URL: stack.subgraphs.products.url,
      PAYMENTS_URL: stack.subgraphs.payments.url,
    });
    await orders2.start();
    redis = new Redis(stack.env.REDIS_URL as string);
    gatewayA = await stack.startGateway({ SUBGRAPH_URL_ORDERS: `http://127.0.0.1:${port}/graphql` });
  }, 120_000);
  afterAll(async () => {
    await orders2?.kill();
    redis?.disconnect();
    await stack?.stop();
  });

  it('subscribed on gateway A, order placed through gateway B: every status arrives on A, once, in order', async () => {
    const token = await stack.signIn(ALICE.email, ALICE.password);
    const client = wsClient(gatewayA.url, { connectionParams: { authorization: `Bearer ${token}` } });
    const feed = await subscribeAlice(client, 'subscription { myOrderUpdates { id status customer { email } items { product { name } } } }');
    const p = product(43);
    await setStock(stack, p.id, 5);
    const placed = await Promise.all([0, 1, 2].map(() => createOrder(stack, token, { items: [{ productId: p.id, quantity: 1 }] })));
    const ids = placed.map((r) => r.body.data.createOrder.id as string);
    const events = (await feed.until(12, 20_000)).slice(0, 12).map((e) => e.myOrderUpdates);
    await nothingMoreThan(feed, 12, token, p.id);
    for (const id of ids) {
      expect(events.filter((e) => e.id === id).map((e) => e.status)).toEqual(['PENDING', 'RESERVED', 'PAID', 'CONFIRMED']);
    }
    expect(events.every((e) => e.customer.email === ALICE.email && e.items[0].product.name === p.name)).toBe(true);
    feed.stop();
    await client.dispose();
  });

  it('events published while gateway A had lost its orders upstream are replayed when it reconnects: none skipped, none twice', async () => {
    const token = await stack.signIn(ALICE.email, ALICE.password);
    const client = wsClient(gatewayA.url, { connectionParams: { authorization: `Bearer ${token}` } });
    const feed = await subscribeAlice(client, 'subscription { myOrderUpdates { id status payment { status } } }');
    const p = product(46);
    await setStock(stack, p.id, 5);
    const first = (await createOrder(stack, token, { items: [{ productId: p.id, quantity: 1 }] })).body.data.createOrder;
    await feed.until(4, 15_000);
    // Gateway A's orders replica dies; orders keep being placed through gateway B meanwhile.
    await orders2.kill('SIGKILL');
    const during = (await createOrder(stack, token, { items: [{ productId: p.id, quantity: 1 }] })).body.data.createOrder;
    expect(during.status).toBe('CONFIRMED');
    await orders2.start();
    const events = (await feed.until(8, 30_000)).slice(0, 8).map((e) => e.myOrderUpdates);
    await nothingMoreThan(feed, 8, token, p.id);
    expect(events.map((e) => [e.id, e.status])).toEqual(
      [first.id, during.id].flatMap((id) => ['PENDING', 'RESERVED', 'PAID', 'CONFIRMED'].map((s) => [id, s])),
    );
    expect(events[7].payment).toEqual({ status: 'CAPTURED' });
    expect(feed.errors).toEqual([]);
    feed.stop();
    await client.dispose();
  });
});
