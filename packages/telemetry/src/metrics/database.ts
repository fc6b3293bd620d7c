import { Gauge, Histogram, type Registry } from 'prom-client';
import { sqlOperationLabel } from './labels.js';

/** Connection counts of a pool; `null` when the database has no pool (embedded PGlite). */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

interface QueryEventSource {
  $on(event: 'query', listener: (event: { query: string; duration: number }) => void): void;
}

const QUERY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** SQL timings (from Prisma query events) and connection pool occupancy of one service. */
export class DatabaseMetrics {
  private readonly queries: Histogram<'operation'>;

  constructor(registry: Registry, poolStats: () => PoolStats | null) {
    this.queries = new Histogram({
      name: 'db_query_duration_seconds',
      help: 'SQL statements sent by Prisma, by statement kind (SELECT, INSERT, …).',
      labelNames: ['operation'],
      buckets: QUERY_BUCKETS,
      registers: [registry],
    });
    new Gauge({
      name: 'db_pool_connections',
      help: 'PostgreSQL pool connections by state: total (open), idle, and waiting (callers queued for a connection).',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const stats = poolStats();
        if (!stats) return;
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    });
  }

  /** Time every statement the client sends (Prisma reports `duration` in milliseconds). */
  listen(client: QueryEventSource): void {
    client.$on('query', (event) => {
      this.queries.observe({ operation: sqlOperationLabel(event.query) }, event.duration / 1000);
    });
  }
}
