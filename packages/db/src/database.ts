import { mkdirSync } from 'node:fs';
import type { SqlDriverAdapterFactory } from '@prisma/client/runtime/client';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { DatabaseTarget } from './target.js';
import { isConnectionFailure } from '@ordergraph/core';

/** Runs SQL on one connection, outside Prisma (migrations, maintenance). */
export interface SqlSession {
  /** Run a script that may hold several statements. */
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database {
  readonly target: DatabaseTarget;
  /** Driver adapter for `new PrismaClient({ adapter })`. */
  readonly adapter: SqlDriverAdapterFactory;
  /**
   * One statement on any pooled connection (prepared under `name` on PostgreSQL, so each
   * connection parses and plans it once). For SqlReads; anything else goes through Prisma.
   */
  query<T>(statement: { name: string; text: string }, params: unknown[]): Promise<T[]>;
  /**
   * Run `fn`'s statements in one transaction on one connection, prepared like `query`: COMMIT
   * when it resolves, ROLLBACK when it throws. On PGlite this is PGlite's own transaction, which
   * holds the single embedded connection, so nobody else's statement (Prisma's included) can
   * interleave with it; a plain `session` would not keep them out.
   */
  transaction<T>(fn: (tx: Pick<Database, 'query'>) => Promise<T>): Promise<T>;
  /** Run `fn` on one dedicated connection (needed for advisory locks and transactions). */
  session<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Pool occupancy for metrics; null for PGlite (a single embedded connection). */
  poolStats(): { total: number; idle: number; waiting: number } | null;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Maximum pooled PostgreSQL connections. @default 10 */
  poolSize?: number;
  /**
   * Told about every error a connection emits outside a query (the server restarted or cut
   * it). The query in flight, if any, fails on its own; the pool replaces the connection.
   * @default ignore
   */
  onConnectionError?: (error: Error) => void;
  /**
   * Longest wait for one query's answer (Prisma's queries; sessions have no limit). Past it the
   * connection is destroyed, so the query fails as a lost connection (SERVICE_UNAVAILABLE) and
   * PostgreSQL rolls back whatever that connection had open. Without it a paused or partitioned
   * server (the socket stays open) held every request until the gateway's own timeout.
   * @default 10000
   */
  queryTimeoutMs?: number;
  /** Longest wait for a pooled connection (all busy, or the server does not answer). @default 5000 */
  connectTimeoutMs?: number;
}

export async function openDatabase(target: DatabaseTarget, options: OpenDatabaseOptions = {}): Promise<Database> {
  // Explicit options (tests, scripts) win over the target's configured pool settings.
  return target.kind === 'pglite' ? openPglite(target.dataDir) : openPostgres(target.url, target.schema, { ...target.pool, ...options });
}

async function openPglite(dataDir: string | null): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = dataDir ? new PGlite(dataDir) : new PGlite();
  await pglite.waitReady;
  const session: SqlSession = {
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    query: async <T>(sql: string, params: unknown[] = []) => (await pglite.query<T>(sql, params)).rows,
  };
  return {
    target: { kind: 'pglite', dataDir },
    adapter: new PrismaPGlite(pglite) as unknown as SqlDriverAdapterFactory,
    query: async <T>(statement: { text: string }, params: unknown[]) => (await pglite.query<T>(statement.text, params)).rows,
    transaction: (fn) => pglite.transaction((tx) => fn({ query: async <T>(statement: { text: string }, params: unknown[]) => (await tx.query<T>(statement.text, params)).rows })),
    // PGlite is a single connection already: every session is that connection.
    session: (fn) => fn(session),
    poolStats: () => null,
    close: () => pglite.close(),
  };
}

async function openPostgres(url: string, schema: string, options: OpenDatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    // Dead peers (a host gone, a partition) are noticed by TCP instead of never.
    keepAlive: true,
    // Raw SQL (and anything outside Prisma's schema-qualified queries) resolves names in the subgraph's schema.
    options: `-c search_path="${schema}"`,
  });
  const onError = options.onConnectionError ?? (() => undefined);
  // An 'error' event without a listener throws (and kills the process). The pool listens
  // only while a client is idle, and Prisma's adapter only during its own transaction, so a
  // restart of PostgreSQL (57P01) hitting a client between the two crashed the service:
  // every client gets a listener for its whole life.
  pool.on('error', onError);
  pool.on('connect', (client) => {
    client.on('error', onError);
    limitQueryTime(client, options.queryTimeoutMs ?? 10_000);
  });
  const client = await pool.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    client.release();
  }
  return {
    target: { kind: 'postgres', url, schema },
    adapter: new PrismaPg(pool, { schema }),
    query: async <T>(statement: { name: string; text: string }, params: unknown[]) =>
      (await pool.query({ name: statement.name, text: statement.text, values: params })).rows as T[],
    transaction: (fn) =>
      withConnection(pool, async (conn) => {
        await conn.query('BEGIN');
        let result;
        try {
          result = await fn({ query: async <T>(statement: { name: string; text: string }, params: unknown[]) => (await conn.query({ name: statement.name, text: statement.text, values: params })).rows as T[] });
        } catch (error) {
          await conn.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        await conn.query('COMMIT');
        return result;
      }),
    session: (fn) =>
      withConnection(pool, (conn) =>
        fn({
          // Migrations may run longer than any request's query: no time limit here.
          exec: async (sql) => {
            await conn.query({ text: sql, unlimited: true } as pg.QueryConfig);
          },
          query: async <T>(sql: string, params: unknown[] = []) => (await conn.query({ text: sql, values: params, unlimited: true } as pg.QueryConfig)).rows as T[],
        }),
      ),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}

/**
 * `fn` on one pooled connection. A connection the server cut (or the query timeout destroyed) is
 * destroyed instead of going back to the pool.
 */
async function withConnection<T>(pool: pg.Pool, fn: (conn: pg.PoolClient) => Promise<T>): Promise<T> {
  const conn = await pool.connect();
  let broken: Error | undefined;
  try {
    return await fn(conn);
  } catch (error) {
    if (isConnectionFailure(error)) broken = error as Error;
    throw error;
  } finally {
    conn.release(broken);
  }
}

/**
 * Fail a query that gets no answer within `timeoutMs` by destroying its connection. pg's own
 * `query_timeout` only stops waiting: the statement stays in flight on a connection that goes
 * back to the pool, and a transaction whose ROLLBACK was dropped from the queue would stay open
 * for the next borrower. Destroying the socket fails everything queued on it as a lost
 * connection, the pool replaces it, and PostgreSQL aborts the open transaction. Sessions pass
 * their queries through `session.query` with no limit (migrations may run long).
 */
function limitQueryTime(client: pg.PoolClient, timeoutMs: number): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const destroy = () => {
    const stream = (client as unknown as { connection?: { stream?: { destroy(error?: Error): void } } }).connection?.stream;
    stream?.destroy(Object.assign(new Error(`Connection terminated: no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
  };
  (client as { query: unknown }).query = (...args: unknown[]) => {
    if ((args[0] as { unlimited?: boolean } | null)?.unlimited) return query(...args);
    const timer = setTimeout(destroy, timeoutMs);
    timer.unref();
    // pg.Pool#query passes a callback; Prisma's adapter and sessions use the promise.
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (...results: unknown[]) => void;
      args[last] = (...results: unknown[]) => {
        clearTimeout(timer);
        callback(...results);
      };
      return query(...args);
    }
    const result = query(...args);
    if (result instanceof Promise) return result.finally(() => clearTimeout(timer));
    clearTimeout(timer);
    return result;
  };
}
