import path from 'node:path';
import { ConfigError } from '@ordergraph/core';

/** Where one subgraph keeps its data. */
export type DatabaseTarget =
  | { kind: 'postgres'; url: string; schema: string }
  /** Embedded PostgreSQL (PGlite); `dataDir: null` keeps everything in memory. */
  | { kind: 'pglite'; dataDir: string | null };

type Env = Record<string, string | undefined>;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Resolve a subgraph's database from the environment:
 * 1. `<SERVICE>_DATABASE_URL` (e.g. `ORDERS_DATABASE_URL`): its own database; the
 *    PostgreSQL schema comes from `?schema=` as in Prisma URLs, else `public`.
 * 2. `DATABASE_URL`: one shared database, one schema per subgraph named
 *    `<DATABASE_SCHEMA_PREFIX><service>` (prefix empty by default).
 * 3. Neither: embedded PGlite in `<DATA_DIR>/pglite/<service>` (`DATA_DIR=:memory:` keeps it in memory).
 */
export function resolveDatabaseTarget(service: string, env: Env): DatabaseTarget {
  const own = env[`${service.toUpperCase()}_DATABASE_URL`];
  const shared = env.DATABASE_URL;
  if (own || shared) {
    const raw = (own || shared) as string;
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new ConfigError(
        `Invalid configuration:\n  ${own ? `${service.toUpperCase()}_DATABASE_URL` : 'DATABASE_URL'}: expected a postgresql:// URL, received "${raw.replace(/:[^:@/]*@/, ':***@')}"`,
      );
    }
    const fromUrl = parsed.searchParams.get('schema');
    parsed.searchParams.delete('schema');
    const schema = own ? (fromUrl ?? 'public') : `${env.DATABASE_SCHEMA_PREFIX ?? ''}${service}`;
    if (!SCHEMA_NAME.test(schema)) {
      throw new ConfigError(`Invalid configuration:\n  Database schema name "${schema}" for ${service} must match ${SCHEMA_NAME}`);
    }
    return { kind: 'postgres', url: parsed.toString(), schema };
  }
  const dataDir = env.DATA_DIR ?? '.data';
  return { kind: 'pglite', dataDir: dataDir === ':memory:' ? null : path.resolve(dataDir, 'pglite', service) };
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return target.dataDir ? `PGlite at ${target.dataDir}` : 'PGlite (in memory)';
  const url = new URL(target.url);
  return `PostgreSQL ${url.host}${url.pathname} schema "${target.schema}"`;
}
