import { describe, expect, it } from 'vitest';
import type { PrismaClient } from '../generated/prisma/client.js';
import { createLoaders } from './index.js';

/** Just enough of PrismaClient for the loaders: counts statements. */
function fakePrisma() {
  const calls: string[][] = [];
  const findMany = async ({ where }: any) => {
    const ids: string[] = where.id?.in ?? where.productId?.in;
    calls.push(ids);
    return ids.map((id) => ({ id, productId: id, available: 1, reserved: 0 }));
  };
  return { prisma: { product: { findMany }, inventory: { findMany } } as unknown as PrismaClient, calls };
}

describe('products loaders', () => {
  it('batch every key of a tick into one statement by default', async () => {
    const { prisma, calls } = fakePrisma();
    const loaders = createLoaders(prisma);
    await Promise.all(['a', 'b', 'c'].map((id) => loaders.productById.load(id)));
    expect(calls).toEqual([['a', 'b', 'c']]);
  });

  it('send one statement per key with batching off (DATALOADER_BATCHING=false, benchmark only)', async () => {
    const { prisma, calls } = fakePrisma();
    const loaders = createLoaders(prisma, { batch: false });
    const rows = await Promise.all(['a', 'b', 'c'].map((id) => loaders.inventoryByProductId.load(id)));
    expect(calls).toEqual([['a'], ['b'], ['c']]);
    expect(rows.map((r) => r.available)).toEqual([1, 1, 1]);
  });
});
