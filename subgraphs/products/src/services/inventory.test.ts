import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSubgraphDatabase, type SubgraphDatabase } from '@ordergraph/db';
import { PrismaClient } from '../generated/prisma/client.js';
import { MIGRATIONS_DIR } from '../server.js';
import { InventoryService } from './inventory.js';

let database: SubgraphDatabase<PrismaClient>;
let inventory: InventoryService;
let n = 0;
const ids = () => ({ a: `a${n}`, b: `b${n}`, order: `order-${n}` });

beforeAll(async () => {
  database = await openSubgraphDatabase({
    target: { kind: 'pglite', dataDir: null },
    migrationsDir: MIGRATIONS_DIR,
    createClient: (adapter) => new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] }),
  });
  inventory = new InventoryService(database.prisma, database.reads);
});
afterAll(() => database?.close());
beforeEach(async () => {
  n += 1;
  const { a, b } = ids();
  for (const [id, stock] of [[a, 5], [b, 1]] as const) {
    await database.prisma.product.create({ data: { id, sku: id, name: id, priceAmount: 100, inventory: { create: { available: stock } } } });
  }
});

const stock = async (productId: string) => {
  const row = await database.prisma.inventory.findUniqueOrThrow({ where: { productId } });
  return [row.available, row.reserved];
};

describe('InventoryService', () => {
  it('reserves all lines or none', async () => {
    const { a, b, order } = ids();
    expect(await inventory.reserve(order, [{ productId: a, quantity: 2 }, { productId: b, quantity: 2 }])).toEqual({ orderId: order, outcome: 'OUT_OF_STOCK', productId: b });
    expect([await stock(a), await stock(b)]).toEqual([[5, 0], [1, 0]]);
    expect(await database.prisma.reservation.count({ where: { id: order } })).toBe(0);
    expect(await inventory.reserve(order, [{ productId: a, quantity: 2 }, { productId: b, quantity: 1 }])).toEqual({ orderId: order, outcome: 'RESERVED' });
    expect([await stock(a), await stock(b)]).toEqual([[3, 2], [0, 1]]);
  });

  it('is idempotent per order, also under concurrent retries', async () => {
    const { a, order } = ids();
    const results = await Promise.all(Array.from({ length: 10 }, () => inventory.reserve(order, [{ productId: a, quantity: 2 }])));
    expect(results.map((r) => r.outcome)).toEqual(Array(10).fill('RESERVED'));
    expect(await stock(a)).toEqual([3, 2]);
  });

  it('commit takes held stock out; release after commit puts it back on the shelf', async () => {
    const { a, order } = ids();
    await inventory.reserve(order, [{ productId: a, quantity: 2 }]);
    expect((await inventory.commit(order)).outcome).toBe('COMMITTED');
    expect((await inventory.commit(order)).outcome).toBe('COMMITTED');
    expect(await stock(a)).toEqual([3, 0]);
    expect((await inventory.release(order)).outcome).toBe('RELEASED');
    expect((await inventory.release(order)).outcome).toBe('RELEASED');
    expect(await stock(a)).toEqual([5, 0]);
  });

  it('commits several orders in one call: each inventory row moves by the summed lines; repeats answer their status, unknown orders are left out', async () => {
    const { a, b, order } = ids();
    const [o1, o2, o3] = [`${order}-1`, `${order}-2`, `${order}-3`];
    await inventory.reserve(o1, [{ productId: a, quantity: 2 }, { productId: b, quantity: 1 }]);
    await inventory.reserve(o2, [{ productId: a, quantity: 1 }]);
    await inventory.reserve(o3, [{ productId: a, quantity: 1 }]);
    await inventory.release(o3);
    const results = await inventory.commitMany([o1, o2, o3, 'nope']);
    expect(results.sort((x, y) => x.orderId.localeCompare(y.orderId))).toEqual([
      { orderId: o1, outcome: 'COMMITTED' },
      { orderId: o2, outcome: 'COMMITTED' },
      { orderId: o3, outcome: 'RELEASED' },
    ]);
    expect([await stock(a), await stock(b)]).toEqual([[2, 0], [0, 0]]);
    expect((await inventory.commitMany([o1, o2])).map((r) => r.outcome)).toEqual(['COMMITTED', 'COMMITTED']);
    expect([await stock(a), await stock(b)]).toEqual([[2, 0], [0, 0]]);
  });

  it('release of held stock restores it; a release before any reserve leaves a tombstone that blocks a late reserve', async () => {
    const { a, order } = ids();
    await inventory.reserve(order, [{ productId: a, quantity: 3 }]);
    await inventory.release(order);
    expect(await stock(a)).toEqual([5, 0]);

    const late = `${order}-late`;
    expect((await inventory.release(late)).outcome).toBe('RELEASED');
    expect((await inventory.reserve(late, [{ productId: a, quantity: 1 }])).outcome).toBe('RELEASED');
    expect(await stock(a)).toEqual([5, 0]);
  });

  it('never oversells under concurrent orders for the last units', async () => {
    const { a } = ids();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => inventory.reserve(`race-${n}-${i}`, [{ productId: a, quantity: 1 }])));
    expect(results.filter((r) => r.outcome === 'RESERVED')).toHaveLength(5);
    expect(results.filter((r) => r.outcome === 'OUT_OF_STOCK')).toHaveLength(7);
    expect(await stock(a)).toEqual([0, 5]);
  });

  it('refuses to commit an unknown reservation and validates restock quantities', async () => {
    await expect(inventory.commit('nope')).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    await expect(inventory.restock(ids().a, 0)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    await expect(inventory.restock('nope', 1)).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });
});
