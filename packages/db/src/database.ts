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
}

export async function openDatabase(target: DatabaseTarget, options: OpenDatabaseOptions = {}): Promise<Database> {
  return target.kind === 'pglite' ? openPglite(target.dataDir) : openPostgres(target.url, target.schema, options);
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
    // Raw SQL (and anything outside Prisma's schema-qualified queries) resolves names in the subgraph's schema.
    options: `-c search_path="${schema}"`,
  });
  const onError = options.onConnectionError ?? (() => undefined);
  // An 'error' event without a listener throws (and kills the process). The pool listens
  // only while a client is idle, and Prisma's adapter only during its own transaction, so a
  // restart of PostgreSQL (57P01) hitting a client between the two crashed the service:
  // every client gets a listener for its whole life.
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
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
    session: async (fn) => {
      const conn = await pool.connect();
      let broken: Error | undefined;
      try {
        return await fn({
          exec: async (sql) => {
            await conn.query(sql);
          },
          query: async <T>(sql: string, params: unknown[] = []) => (await conn.query(sql, params)).rows as T[],
        });
      } catch (error) {
        // A connection the server cut is destroyed instead of going back to the pool.
        if (isConnectionFailure(error)) broken = error as Error;
        throw error;
      } finally {
        conn.release(broken);
      }
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}
