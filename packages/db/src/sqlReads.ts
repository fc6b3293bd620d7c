import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Database } from './database.js';

/** One read statement: `name` makes it a prepared statement on each pooled connection. */
export interface ReadStatement {
  /** Unique per SQL text within the service, e.g. `accounts.customersById`. */
  name: string;
  text: string;
}

/**
 * What runs single prepared statements: SqlReads, or a test double. The saga's services (orders'
 * transitions, products' reservations, payments) take this rather than the class.
 */
export interface SqlClient {
  query<T>(statement: ReadStatement, params: unknown[]): Promise<T[]>;
}

type QueryListener = (event: { query: string; duration: number }) => void;

/**
 * Hot, batched reads (the per-request loaders) sent straight to the driver instead of through
 * Prisma: on PostgreSQL a prepared statement on the pool costs ~0.15 ms of CPU where a Prisma
 * `findMany` of the same rows costs ~1 ms (measured in docs/performance.md, issue 17). The order
 * saga's single-statement writes (orders, products' reservations, payments) use it too (round 3);
 * everything else stays on Prisma. Every statement is reported like Prisma's query events
 * (`$on('query')`), so statement counts and the db_query_duration metric see these reads too.
 * Rows come back as the driver gives them: callers select and convert columns themselves
 * (BigInt and timestamps are cast in the SQL, see the loaders).
 */
export class SqlReads implements SqlClient {
  private readonly listeners: QueryListener[] = [];

  constructor(private readonly db: Pick<Database, 'query' | 'transaction'>) {}

  $on(_event: 'query', listener: QueryListener): void {
    this.listeners.push(listener);
  }

  /** Traced as a CLIENT span under the resolver that asked (a no-op when tracing is off). */
  query<T>(statement: ReadStatement, params: unknown[]): Promise<T[]> {
    return this.run(this.db, statement, params);
  }

  /**
   * `fn`'s statements in one transaction on one connection (see Database.transaction), each
   * counted and traced like `query`. For the few multi-statement units that cannot be one
   * statement (the outbox relay publishes between its read and its stamp).
   */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return this.db.transaction((conn) => fn({ query: (statement, params) => this.run(conn, statement, params) }));
  }

  private async run<T>(db: Pick<Database, 'query'>, statement: ReadStatement, params: unknown[]): Promise<T[]> {
    const attributes = { 'db.system.name': 'postgresql', 'db.operation.name': statement.name, 'db.query.text': statement.text };
    // Taken per call: a tracer taken before tracing is installed would stay a no-op.
    return trace.getTracer('@ordergraph/db').startActiveSpan(`db_query ${statement.name}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      const started = performance.now();
      try {
        return await db.query<T>(statement, params);
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
        const duration = performance.now() - started;
        for (const listener of this.listeners) listener({ query: statement.text, duration });
      }
    });
  }
}
