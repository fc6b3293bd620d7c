import { describe, expect, it } from 'vitest';
import { createLoaders } from './index.js';

/** Just enough of SqlReads for the loaders: records each statement's keys. */
function fakeReads() {
  const calls: string[][] = [];
  const query = async <T>(_statement: unknown, [ids]: unknown[]) => {
    calls.push([...(ids as string[])]);
    return (ids as string[]).map((id) => ({ id, productId: id, available: 1, reserved: 0 })) as T[];
  };
  return { reads: { query }, calls };
}

describe('products loaders', () => {
  it('batch every key of a tick into one statement by default', async () => {
    const { reads, calls } = fakeReads();
    const loaders = createLoaders(reads);
    await Promise.all(['a', 'b', 'c'].map((id) => loaders.productById.load(id)));
    expect(calls).toEqual([['a', 'b', 'c']]);
  });

  it('send one statement per key with batching off (DATALOADER_BATCHING=false, benchmark only)', async () => {
    const { reads, calls } = fakeReads();
    const loaders = createLoaders(reads, { batch: false });
    const rows = await Promise.all(['a', 'b', 'c'].map((id) => loaders.inventoryByProductId.load(id)));
    expect(calls).toEqual([['a'], ['b'], ['c']]);
    expect(rows.map((r) => r.available)).toEqual([1, 1, 1]);
  });

  it('bring the stock along with a product load: Product.inventory then costs no statement', async () => {
    const calls: string[] = [];
    const reads = {
      query: async <T>(statement: { name: string }, [ids]: unknown[]) => {
        calls.push(statement.name);
        // "b" has no Inventory row: the LEFT JOIN gives nulls.
        return (ids as string[]).map((id) => ({ id, name: id, stockAvailable: id === 'a' ? 7 : null, stockReserved: id === 'a' ? 2 : null })) as T[];
      },
    };
    const loaders = createLoaders(reads);
    const [a, b] = await loaders.productById.loadMany(['a', 'b']);
    expect(a).toEqual({ id: 'a', name: 'a' });
    expect(b).toEqual({ id: 'b', name: 'b' });
    expect(await loaders.inventoryByProductId.loadMany(['a', 'b'])).toEqual([{ available: 7, reserved: 2 }, { available: 0, reserved: 0 }]);
    expect(calls).toEqual(['products.byIdWithStock']);
  });

  it('remember a page: its products and their stock load without a statement', async () => {
    const calls: string[] = [];
    const loaders = createLoaders({ query: async () => (calls.push('query'), []) });
    const products = loaders.remember([{ id: 'p', name: 'P', stockAvailable: 3, stockReserved: 1 } as never]);
    expect(products).toEqual([{ id: 'p', name: 'P' }]);
    expect(await loaders.productById.load('p')).toEqual({ id: 'p', name: 'P' });
    expect(await loaders.inventoryByProductId.load('p')).toEqual({ available: 3, reserved: 1 });
    expect(calls).toEqual([]);
  });
});
