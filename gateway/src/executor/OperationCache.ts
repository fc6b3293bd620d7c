import { LRUCache } from 'lru-cache';

/** Hits and misses of a cache, for metrics. */
export interface CacheStats {
  hits: number;
  misses: number;
  size: number;
}

/**
 * A bounded LRU of per-operation work (query plan, parsed Operation) keyed by the query hash
 * Apollo Server already computed, plus the operation name. Stock @apollo/gateway caches
 * only the plan and rebuilds the Operation on every request.
 */
export class OperationCache<T extends object> {
  private readonly lru: LRUCache<string, T>;
  private hits = 0;
  private misses = 0;

  /** @param max entries kept. */
  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`OperationCache: max must be a positive integer, received ${max}`);
    this.lru = new LRUCache<string, T>({ max });
  }

  getOrCreate(key: string, create: () => T): T {
    const cached = this.lru.get(key);
    if (cached) {
      this.hits += 1;
      return cached;
    }
    this.misses += 1;
    const value = create();
    this.lru.set(key, value);
    return value;
  }

  clear(): void {
    this.lru.clear();
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, size: this.lru.size };
  }
}
