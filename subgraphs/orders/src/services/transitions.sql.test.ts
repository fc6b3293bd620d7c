import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSubgraphDatabase, testDatabaseBackends, type SubgraphDatabase } from '@ordergraph/db';
import { PrismaClient } from '../generated/prisma/client.js';
import { MIGRATIONS_DIR } from '../server.js';
import { insertOrder, insertOrders, OrderInserts, orderById, orderByKey, transition, transitionMany, TransitionGroups } from './transitions.js';

// The saga's statements run as prepared statements outside Prisma (#17): what they return must be
// exactly what Prisma reads for the same row (BIGINT, timestamps as instants), on both backends.
const backends = testDatabaseBackends('orders_sql');

describe.each(backends)('saga statements on $name', (backend) => {
  let database: SubgraphDatabase<PrismaClient>;
  beforeAll(async () => {
    database = await openSubgraphDatabase({
      target: backend.target(),
      migrationsDir: MIGRATIONS_DIR,
      createClient: (adapter) => new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] }),
    });
  });
  afterAll(async () => {
    await database?.close();
    await backend.drop?.();
  });

  const newOrder = (customerId: string, idempotencyKey: string | null) => ({
    customerId,
    // Past 2^53: exact only if the amount never becomes a JavaScript number on the way.
    totalAmount: 9_007_199_254_740_993n,
    currency: 'EUR',
    paymentMethod: 'tok_visa',
    idempotencyKey,
    requestHash: 'fingerprint',
    leaseUntil: new Date(Date.UTC(2030, 0, 2, 3, 4, 5, 678)),
    lines: [
      { productId: 'p1', quantity: 2, unitPriceAmount: 9_007_199_254_740_991n, currency: 'EUR' },
      { productId: 'p2', quantity: 1, unitPriceAmount: 1n, currency: 'EUR' },
    ],
  });

  it('insert, transitions and reads answer the row exactly as Prisma reads it, one statement each', async () => {
    const customerId = randomUUID();
    const before = database.stats.statements;
    const placed = await insertOrder(database.reads, newOrder(customerId, 'key-1'));
    expect(database.stats.statements - before).toBe(1);
    expect(placed).not.toBeNull();
    expect(placed!.totalAmount).toBe(9_007_199_254_740_993n);
    expect(placed!.leaseUntil).toEqual(new Date(Date.UTC(2030, 0, 2, 3, 4, 5, 678)));
    expect(placed).toEqual(await database.prisma.order.findUniqueOrThrow({ where: { id: placed!.id } }));

    const items = await database.prisma.orderItem.findMany({ where: { orderId: placed!.id }, orderBy: { position: 'asc' } });
    expect(items.map((i) => [i.position, i.productId, i.quantity, i.unitPriceAmount])).toEqual([
      [0, 'p1', 2, 9_007_199_254_740_991n],
      [1, 'p2', 1, 1n],
    ]);

    // The same key again: nothing inserted, the first order is found by its key.
    expect(await insertOrder(database.reads, newOrder(customerId, 'key-1'))).toBeNull();
    expect(await orderByKey(database.reads, customerId, 'key-1')).toEqual(placed);

    const lease = new Date(Date.now() + 60_000);
    const moved = await transition(database.reads, placed!, 'PENDING', 'RESERVED', { leaseUntil: lease });
    expect(moved).toMatchObject({ id: placed!.id, status: 'RESERVED', leaseUntil: new Date(lease.toISOString()) });
    expect(moved).toEqual(await database.prisma.order.findUniqueOrThrow({ where: { id: placed!.id } }));
    expect(await orderById(database.reads, placed!.id)).toEqual(moved);
    // A stale writer (the order is no longer PENDING) moves nothing and writes no history.
    expect(await transition(database.reads, placed!, 'PENDING', 'FAILED', { reason: 'OUT_OF_STOCK' })).toBeNull();
    // Without a lease the lease stays as it was.
    const paid = await transition(database.reads, placed!, 'RESERVED', 'PAID');
    expect(paid!.leaseUntil).toEqual(moved!.leaseUntil);

    const history = await database.prisma.orderStatusChange.findMany({ where: { orderId: placed!.id }, orderBy: { id: 'asc' } });
    expect(history.map((h) => [h.from, h.to])).toEqual([
      [null, 'PENDING'],
      ['PENDING', 'RESERVED'],
      ['RESERVED', 'PAID'],
    ]);
    const events = await database.prisma.outboxEvent.findMany({ where: { aggregateId: placed!.id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.payload)).toEqual(
      history.map((h) => ({ orderId: placed!.id, customerId, changeId: h.id.toString(), from: h.from, to: h.to, reason: null, at: h.at.toISOString() })),
    );
  });

  it('fulfilment does not move an order whose cancellation was requested', async () => {
    const placed = (await insertOrder(database.reads, newOrder(randomUUID(), null)))!;
    for (const [from, to] of [['PENDING', 'RESERVED'], ['RESERVED', 'PAID'], ['PAID', 'CONFIRMED']] as const) {
      expect(await transition(database.reads, placed, from, to)).not.toBeNull();
    }
    await database.prisma.order.update({ where: { id: placed.id }, data: { cancelRequestedAt: new Date() } });
    expect(await transition(database.reads, placed, 'CONFIRMED', 'SHIPPED', { unlessCancelRequested: true })).toBeNull();
    expect(await transition(database.reads, placed, 'CONFIRMED', 'CANCELLED', { reason: 'CANCELLED' })).toMatchObject({ status: 'CANCELLED' });
    expect(await orderById(database.reads, randomUUID())).toBeNull();
  });

  it('transitionMany moves several orders in one statement, each exactly as transition does (row, history, outbox)', async () => {
    const customerId = randomUUID();
    const [a, b, c, d, single] = await Promise.all([0, 1, 2, 3, 4].map(async () => (await insertOrder(database.reads, newOrder(customerId, null)))!));
    await transition(database.reads, c!, 'PENDING', 'RESERVED');
    await database.prisma.order.update({ where: { id: d!.id }, data: { status: 'CONFIRMED', cancelRequestedAt: new Date() } });
    const lease = new Date(Date.now() + 60_000);
    const before = database.stats.statements;
    const results = await transitionMany(database.reads, [
      { order: a!, from: 'PENDING', to: 'RESERVED', leaseUntil: lease },
      { order: b!, from: 'PENDING', to: 'FAILED', reason: 'OUT_OF_STOCK' },
      // Stale: c is RESERVED already.
      { order: c!, from: 'PENDING', to: 'FAILED', reason: 'OUT_OF_STOCK' },
      // Refused: a cancellation was requested.
      { order: d!, from: 'CONFIRMED', to: 'SHIPPED', unlessCancelRequested: true },
      // Named twice: moves once; the second request finds it moved (as a losing concurrent writer).
      { order: a!, from: 'PENDING', to: 'RESERVED', leaseUntil: lease },
    ]);
    expect(database.stats.statements - before).toBe(1);
    expect(results.map((r) => r?.status ?? null)).toEqual(['RESERVED', 'FAILED', null, null, null]);
    expect(results[0]).toEqual(await database.prisma.order.findUniqueOrThrow({ where: { id: a!.id } }));
    expect(results[0]!.leaseUntil).toEqual(new Date(lease.toISOString()));
    expect(results[1]).toEqual(await database.prisma.order.findUniqueOrThrow({ where: { id: b!.id } }));
    expect(results[1]!.leaseUntil).toEqual(b!.leaseUntil);
    expect(await orderById(database.reads, c!.id)).toMatchObject({ status: 'RESERVED' });
    expect(await orderById(database.reads, d!.id)).toMatchObject({ status: 'CONFIRMED' });

    // History and outbox rows as transition writes them: one per move, same payload shape.
    await transition(database.reads, single!, 'PENDING', 'FAILED', { reason: 'OUT_OF_STOCK' });
    const rowsOf = async (orderId: string) => {
      const history = await database.prisma.orderStatusChange.findMany({ where: { orderId }, orderBy: { id: 'asc' } });
      const events = await database.prisma.outboxEvent.findMany({ where: { aggregateId: orderId }, orderBy: { id: 'asc' } });
      return { history: history.map((h) => [h.from, h.to, h.reason]), events: events.map((e) => e.payload), changeIds: history.map((h) => h.id.toString()), ats: history.map((h) => h.at.toISOString()) };
    };
    const grouped = await rowsOf(b!.id);
    const alone = await rowsOf(single!.id);
    expect(grouped.history).toEqual([[null, 'PENDING', null], ['PENDING', 'FAILED', 'OUT_OF_STOCK']]);
    expect(grouped.history).toEqual(alone.history);
    expect(grouped.events).toEqual(
      grouped.history.map(([from, to, reason], i) => ({ orderId: b!.id, customerId, changeId: grouped.changeIds[i], from, to, reason, at: grouped.ats[i] })),
    );
    expect(Object.keys(grouped.events[1] as object).sort()).toEqual(Object.keys(alone.events[1] as object).sort());
    expect((await rowsOf(a!.id)).history).toEqual([[null, 'PENDING', null], ['PENDING', 'RESERVED', null]]);
    expect((await rowsOf(c!.id)).history).toHaveLength(2);
    expect((await rowsOf(d!.id)).history).toHaveLength(1);
  });

  it('TransitionGroups sends the moves that arrive while one is in flight as one statement', async () => {
    const groups = new TransitionGroups(database.reads);
    const orders = await Promise.all(Array.from({ length: 6 }, async () => (await insertOrder(database.reads, newOrder(randomUUID(), null)))!));
    const before = database.stats.statements;
    const first = groups.move(orders[0]!, 'PENDING', 'RESERVED');
    await new Promise((r) => setImmediate(r));
    const rest = orders.slice(1).map((o) => groups.move(o, 'PENDING', 'RESERVED'));
    expect((await Promise.all([first, ...rest])).map((o) => o?.status)).toEqual(Array(6).fill('RESERVED'));
    expect(database.stats.statements - before).toBe(2);
    await expect(groups.move(orders[0]!, 'RESERVED', 'SHIPPED')).rejects.toMatchObject({ extensions: { code: 'ILLEGAL_TRANSITION' } });
  });

  const contentOf = async (orderId: string) => {
    const order = await database.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
    const items = await database.prisma.orderItem.findMany({ where: { orderId }, orderBy: { position: 'asc' } });
    const history = await database.prisma.orderStatusChange.findMany({ where: { orderId }, orderBy: { id: 'asc' } });
    const events = await database.prisma.outboxEvent.findMany({ where: { aggregateId: orderId }, orderBy: { id: 'asc' } });
    return {
      order: { ...order, id: 'x', customerId: 'x', idempotencyKey: order.idempotencyKey && 'k', createdAt: 0, updatedAt: 0 },
      items: items.map((i) => [i.position, i.productId, i.quantity, i.unitPriceAmount, i.currency]),
      history: history.map((h) => [h.from, h.to, h.reason]),
      events: events.map((e) => ({ ...(e.payload as object), orderId: 'x', customerId: 'x', changeId: 'x', at: 'x' })),
      changeIdsMatch: events.every((e, i) => (e.payload as { changeId: string }).changeId === history[i]!.id.toString()),
    };
  };

  it('insertOrders places a group in one statement, each order exactly as insertOrder does; a used key places nothing', async () => {
    const customerId = randomUUID();
    const usedKey = (await insertOrder(database.reads, newOrder(customerId, 'used')))!;
    const alone = (await insertOrder(database.reads, newOrder(randomUUID(), null)))!;
    const before = database.stats.statements;
    const other = { ...newOrder(customerId, null), lines: [{ productId: 'p9', quantity: 3, unitPriceAmount: 7n, currency: 'EUR' }], totalAmount: 21n };
    const results = await insertOrders(database.reads, [
      newOrder(randomUUID(), null),
      newOrder(customerId, 'used'), // the customer used this key already
      newOrder(customerId, 'twice'), // the same key twice in one group: the first is placed
      other,
      newOrder(customerId, 'twice'),
    ]);
    expect(database.stats.statements - before).toBe(1);
    expect(results.map((r) => r !== null)).toEqual([true, false, true, true, false]);
    expect(await orderByKey(database.reads, customerId, 'used')).toEqual(usedKey);
    expect(await orderByKey(database.reads, customerId, 'twice')).toEqual(results[2]);
    for (const placed of results.filter((r) => r !== null)) {
      expect(placed).toEqual(await database.prisma.order.findUniqueOrThrow({ where: { id: placed.id } }));
    }
    const reference = await contentOf(alone.id);
    expect(reference.items).toHaveLength(2);
    expect(reference.history).toEqual([[null, 'PENDING', null]]);
    expect(await contentOf(results[0]!.id)).toEqual(reference);
    const third = await contentOf(results[3]!.id);
    expect(third.items).toEqual([[0, 'p9', 3, 7n, 'EUR']]);
    expect(third.order.totalAmount).toBe(21n);
    expect(third.changeIdsMatch).toBe(true);
  });

  it('OrderInserts groups the orders that arrive while an insert is in flight; an order the database refuses fails alone', async () => {
    const inserts = new OrderInserts(database.reads);
    const before = database.stats.statements;
    const first = inserts.insert(newOrder(randomUUID(), null));
    await new Promise((r) => setImmediate(r));
    const rest = Array.from({ length: 5 }, () => inserts.insert(newOrder(randomUUID(), null)));
    const placed = await Promise.all([first, ...rest]);
    expect(placed.every((o) => o?.status === 'PENDING')).toBe(true);
    expect(new Set(placed.map((o) => o!.id)).size).toBe(6);
    expect(database.stats.statements - before).toBe(2);

    // A quantity past PostgreSQL's integer range fails the group's statement (nothing written);
    // each order is then inserted alone, and only that one fails.
    const blocker = inserts.insert(newOrder(randomUUID(), null));
    await new Promise((r) => setImmediate(r));
    const bad = { ...newOrder(randomUUID(), null), lines: [{ productId: 'p1', quantity: 2 ** 31, unitPriceAmount: 1n, currency: 'EUR' }] };
    const group = [inserts.insert(newOrder(randomUUID(), null)), inserts.insert(bad), inserts.insert(newOrder(randomUUID(), null))];
    expect((await blocker)?.status).toBe('PENDING');
    const outcomes = await Promise.allSettled(group);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await database.prisma.order.count({ where: { customerId: bad.customerId } })).toBe(0);
  });
});
