import path from 'node:path';
import { ConfigError } from '@ordergraph/core';

/** Where one subgraph keeps its data. */
export type DatabaseTarget =
  | { kind: 'postgres'; url: string; schema: string; pool?: PoolSettings }
  /** Embedded PostgreSQL (PGlite); `dataDir: null` keeps everything in memory. */
  | { kind: 'pglite'; dataDir: string | null };

type Env = Record<string, string | undefined>;

/** Connection-pool settings of a PostgreSQL target (see OpenDatabaseOptions for what each does). */
export interface PoolSettings {
  poolSize?: number;
  queryTimeoutMs?: number;
  connectTimeoutMs?: number;
}

/**
 * `<SERVICE>_DATABASE_<SETTING>` wins over `DATABASE_<SETTING>`: POOL_SIZE (connections, 1–1000),
 * QUERY_TIMEOUT_MS and CONNECT_TIMEOUT_MS (100–600000). Unset keeps the defaults of openDatabase.
 */
function resolvePoolSettings(service: string, env: Env): PoolSettings | undefined {
  const settings: PoolSettings = {};
  const read = (name: string, min: number, max: number): number | undefined => {
    const key = env[`${service.toUpperCase()}_DATABASE_${name}`] !== undefined ? `${service.toUpperCase()}_DATABASE_${name}` : `DATABASE_${name}`;
    const raw = env[key];
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(`Invalid configuration:\n  ${key}: expected an integer from ${min} to ${max}, received "${raw}"`);
    }
    return value;
  };
  const poolSize = read('POOL_SIZE', 1, 1000);
  const queryTimeoutMs = read('QUERY_TIMEOUT_MS', 100, 600_000);
  const connectTimeoutMs = read('CONNECT_TIMEOUT_MS', 100, 600_000);
  if (poolSize !== undefined) settings.poolSize = poolSize;
  if (queryTimeoutMs !== undefined) settings.queryTimeoutMs = queryTimeoutMs;
  if (connectTimeoutMs !== undefined) settings.connectTimeoutMs = connectTimeoutMs;
  return Object.keys(settings).length > 0 ? settings : undefined;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Resolve a subgraph's database from the environment:
 * 1. `<SERVICE>_DATABASE_URL` (e.g. `ORDERS_DATABASE_URL`): its own database; the
 *    PostgreSQL schema comes from `?schema=` as in Prisma URLs, else `public`.
 * 2. `DATABASE_URL`: one shared database, one schema per subgraph named
 *    `<DATABASE_SCHEMA_PREFIX><service>` (prefix empty by default).
 *    Either way, pool settings come from `[<SERVICE>_]DATABASE_POOL_SIZE`, `..._QUERY_TIMEOUT_MS`
 *    and `..._CONNECT_TIMEOUT_MS`.
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
    const pool = resolvePoolSettings(service, env);
    return pool ? { kind: 'postgres', url: parsed.toString(), schema, pool } : { kind: 'postgres', url: parsed.toString(), schema };
  }
  const dataDir = env.DATA_DIR ?? '.data';
  return { kind: 'pglite', dataDir: dataDir === ':memory:' ? null : path.resolve(dataDir, 'pglite', service) };
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return target.dataDir ? `PGlite at ${target.dataDir}` : 'PGlite (in memory)';
  const url = new URL(target.url);
  return `PostgreSQL ${url.host}${url.pathname} schema "${target.schema}"`;
}
