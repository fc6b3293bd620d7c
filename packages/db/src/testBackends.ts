import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseTarget } from './target.js';

/** A database a test file runs against: PGlite in memory, or a schema of its own on PostgreSQL. */
export interface TestDatabaseBackend {
  name: string;
  target: () => DatabaseTarget;
  /** Drops the PostgreSQL schema the file used (nothing to drop on PGlite). */
  drop?: () => Promise<void>;
}

/**
 * For tests that must hold on both backends: PGlite always, and PostgreSQL too when
 * `TEST_DATABASE_URL` is set (CI's first pass), in a fresh schema `<prefix>_<random>` so test
 * files running side by side never share tables.
 */
export function testDatabaseBackends(schemaPrefix: string, url = process.env.TEST_DATABASE_URL || undefined): TestDatabaseBackend[] {
  const backends: TestDatabaseBackend[] = [{ name: 'PGlite', target: () => ({ kind: 'pglite', dataDir: null }) }];
  if (!url) return backends;
  const schema = `${schemaPrefix}_${randomBytes(5).toString('hex')}`;
  backends.push({
    name: 'PostgreSQL (TEST_DATABASE_URL)',
    target: () => ({ kind: 'postgres', url, schema }),
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  });
  return backends;
}
