import { describe, expect, it } from 'vitest';
import { OperationCache } from './OperationCache.js';

describe('OperationCache', () => {
  it('creates once per key, counts hits and misses, and evicts the least recently used', () => {
    const cache = new OperationCache<{ n: number }>(2);
    let created = 0;
    const make = () => ({ n: ++created });
    expect(cache.getOrCreate('a', make)).toEqual({ n: 1 });
    expect(cache.getOrCreate('a', make)).toEqual({ n: 1 });
    cache.getOrCreate('b', make);
    cache.getOrCreate('a', make); // a is now the most recent
    cache.getOrCreate('c', make); // evicts b
    expect(cache.getOrCreate('b', make)).toEqual({ n: 4 });
    expect(cache.stats()).toEqual({ hits: 2, misses: 4, size: 2 });
  });

  it('does not cache a failed preparation', () => {
    const cache = new OperationCache<object>(10);
    expect(() => cache.getOrCreate('bad', () => { throw new Error('boom'); })).toThrow('boom');
    expect(cache.stats().size).toBe(0);
  });

  it('rejects a size that is not a positive integer', () => {
    expect(() => new OperationCache(0)).toThrow('max must be a positive integer, received 0');
  });
});
