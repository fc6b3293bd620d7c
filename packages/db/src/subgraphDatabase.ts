import { openDatabase, type Database } from './database.js';
import { migrate } from './migrate.js';
import { countQueries, type QueryStats } from './queryCounter.js';
import { SqlReads } from './sqlReads.js';
import type { DatabaseTarget } from './target.js';
import type { SqlDriverAdapterFactory } from '@prisma/client/runtime/client';
import type { ReadinessReportLike } from './types.js';

/** What the database wrapper needs of a generated PrismaClient. */
export interface PrismaLike {
  $on(event: 'query', listener: (event: { query: string; duration: number }) => void): void;
  $disconnect(): Promise<void>;
}

export interface SubgraphDatabaseOptions<TClient extends PrismaLike> {
  target: DatabaseTarget;
  /** Folder of Prisma migrations to apply on open. */
  migrationsDir: string;
  /** Apply pending migrations when opening. @default true */
  migrate?: boolean;
  /** Build the subgraph's generated PrismaClient on the adapter (with query events on). */
  createClient: (adapter: SqlDriverAdapterFactory) => TClient;
  /** See OpenDatabaseOptions.onConnectionError. */
  onConnectionError?: (error: Error) => void;
}

export interface SubgraphDatabase<TClient> {
  db: Database;
  prisma: TClient;
  /** Hot batched reads outside Prisma (counted in `stats` as well). */
  reads: SqlReads;
  /** SQL statements sent so far, through Prisma and `reads` (tests use it to prove batching). */
  stats: QueryStats;
  /** Migrations applied by this open. */
  applied: string[];
  readiness(): Promise<ReadinessReportLike>;
  close(): Promise<void>;
}

/** Open a subgraph's database, migrate it, and wrap it in its Prisma client. */
export async function openSubgraphDatabase<TClient extends PrismaLike>(
  options: SubgraphDatabaseOptions<TClient>,
): Promise<SubgraphDatabase<TClient>> {
  const db = await openDatabase(options.target, { onConnectionError: options.onConnectionError });
  try {
    const applied = options.migrate === false ? [] : await migrate(db, options.migrationsDir);
    const prisma = options.createClient(db.adapter);
    const reads = new SqlReads(db);
    const stats = countQueries(prisma, reads);
    return {
      db,
      prisma,
      reads,
      stats,
      applied,
      readiness: async () => {
        try {
          await db.session((s) => s.query('SELECT 1'));
          return { ready: true, checks: { database: 'ok' } };
        } catch (error) {
          return { ready: false, checks: { database: `unreachable: ${(error as Error).message}` } };
        }
      },
      close: async () => {
        await prisma.$disconnect();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * The options every subgraph's PrismaClient is built with: query events on (statement counts and
 * the db_query_duration metric read them), and transaction waits long enough for a pooled
 * connection under load (Prisma's 2 s default is not).
 */
export function prismaClientOptions(adapter: SqlDriverAdapterFactory) {
  return {
    adapter,
    log: [{ emit: 'event' as const, level: 'query' as const }],
    transactionOptions: { maxWait: 10_000, timeout: 20_000 },
  };
}
