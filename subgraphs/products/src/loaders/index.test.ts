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
});
