import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database.js';
import { migrate, readMigrations } from './migrate.js';

// Read here, not through config: the test picks its backends, like the e2e harness does.
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
const PRISMA_MIGRATE_LOCK = 72707369;

interface Backend {
  kind: 'pglite' | 'postgres';
  name: string;
  enabled: boolean;
  /** A fresh, empty database (a new PGlite, or a new PostgreSQL schema) and how to remove it. */
  open(): Promise<{ db: Database; schema: string | null; drop(): Promise<void> }>;
}

const withClient = async <T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};

const BACKENDS: Backend[] = [
  {
    kind: 'pglite',
    name: 'PGlite in memory',
    enabled: true,
    open: async () => ({ db: await openDatabase({ kind: 'pglite', dataDir: null }), schema: null, drop: async () => undefined }),
  },
  {
    kind: 'postgres',
    name: 'PostgreSQL (TEST_DATABASE_URL)',
    enabled: TEST_DATABASE_URL !== undefined,
    open: async () => {
      const url = TEST_DATABASE_URL as string;
      const schema = `migrate_test_${randomBytes(5).toString('hex')}`;
      return {
        db: await openDatabase({ kind: 'postgres', url, schema }, { poolSize: 2 }),
        schema,
        drop: () => withClient(url, (c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).then(() => undefined)),
      };
    },
  },
];

interface MigrationRow {
  id: string;
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
}

for (const backend of BACKENDS) {
  describe.runIf(backend.enabled)(`migrate on ${backend.name}`, () => {
    let db: Database;
    let schema: string | null;
    let drop: () => Promise<void>;
    let dir: string;

    const write = async (name: string, sql: string) => {
      await mkdir(path.join(dir, name), { recursive: true });
      await writeFile(path.join(dir, name, 'migration.sql'), sql);
    };
    const query = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => db.session((s) => s.query<T>(sql, params));
    const rows = () => query<MigrationRow>('SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
    const tableExists = async (name: string) =>
      (await query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name]))[0]?.t != null;

    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'og-migrations-'));
      ({ db, schema, drop } = await backend.open());
    });
    afterEach(async () => {
      await db?.close();
      await drop?.();
      await rm(dir, { recursive: true, force: true });
    });

    it('applies pending migrations in name order and records each with the file’s sha256', async () => {
      // Written out of order, and the second depends on the first: only name order works.
      await write('20260102000000_add_total', 'ALTER TABLE widget ADD COLUMN total INTEGER NOT NULL DEFAULT 0;\n');
      await write('20260101000000_create_widget', "-- café ☕\nCREATE TABLE widget (id TEXT PRIMARY KEY);\nINSERT INTO widget (id) VALUES ('w1');\n");
      await writeFile(path.join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n'); // Prisma keeps this beside the folders

      expect(await migrate(db, dir)).toEqual(['20260101000000_create_widget', '20260102000000_add_total']);
      expect(await query('SELECT id, total FROM widget')).toEqual([{ id: 'w1', total: 0 }]);

      const recorded = await rows();
      expect(recorded.map((r) => r.migration_name)).toEqual(['20260101000000_create_widget', '20260102000000_add_total']);
      for (const row of recorded) {
        const bytes = await readFile(path.join(dir, row.migration_name, 'migration.sql'));
        expect(row.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.rolled_back_at).toBeNull();
        expect(row.applied_steps_count).toBe(1);
        expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      }
      if (schema) {
        // Everything landed in this test's own schema (other schemas of the database are not ours to look at).
        const tables = await query<{ table_name: string }>(
          'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
          [schema],
        );
        expect(tables.map((t) => t.table_name)).toEqual(['_prisma_migrations', 'widget']);
      }
    });

    it('applies nothing on a second call, and later only what was added', async () => {
      await write('20260101000000_create_widget', "CREATE TABLE widget (id TEXT PRIMARY KEY);\nINSERT INTO widget (id) VALUES ('w1');\n");
      expect(await migrate(db, dir)).toHaveLength(1);
      expect(await migrate(db, dir)).toEqual([]);
      expect(await query('SELECT count(*)::int AS n FROM widget')).toEqual([{ n: 1 }]); // the INSERT did not run twice

      await write('20260103000000_more', "INSERT INTO widget (id) VALUES ('w2');\n");
      expect(await migrate(db, dir)).toEqual(['20260103000000_more']);
      expect(await query('SELECT count(*)::int AS n FROM widget')).toEqual([{ n: 2 }]);
      expect(await rows()).toHaveLength(2);
    });

    it('rolls a failing migration back entirely, names it, and applies it once fixed', async () => {
      await write('20260101000000_good', 'CREATE TABLE good (id INT);\n');
      await write('20260102000000_broken', 'CREATE TABLE half_made (id INT);\nINSERT INTO no_such_table VALUES (1);\n');
      await write('20260103000000_after', 'CREATE TABLE after_broken (id INT);\n');

      await expect(migrate(db, dir)).rejects.toThrow(/^Migration 20260102000000_broken failed: .*no_such_table/);
      expect(await tableExists('good')).toBe(true);
      expect(await tableExists('half_made')).toBe(false);
      expect(await tableExists('after_broken')).toBe(false); // stops at the failure
      expect((await rows()).map((r) => [r.migration_name, r.finished_at !== null])).toEqual([['20260101000000_good', true]]);

      await write('20260102000000_broken', 'CREATE TABLE half_made (id INT);\n');
      expect(await migrate(db, dir)).toEqual(['20260102000000_broken', '20260103000000_after']);
      expect(await tableExists('half_made')).toBe(true);
    });

    it('refuses to migrate past a migration that started but did not finish', async () => {
      await write('20260101000000_first', 'CREATE TABLE first_table (id INT);\n');
      await write('20260102000000_half_done', 'CREATE TABLE second_table (id INT);\n');
      const [first, halfDone] = await readMigrations(dir);
      expect(await migrate(db, dir)).toHaveLength(2);
      // What a crash in the middle of `prisma migrate deploy` leaves behind.
      await query('DELETE FROM "_prisma_migrations" WHERE migration_name = $1', [halfDone!.name]);
      await query('DROP TABLE second_table');
      await query(
        'INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ($1, $2, $3)',
        ['00000000-0000-4000-8000-000000000001', halfDone!.checksum, halfDone!.name],
      );

      await expect(migrate(db, dir)).rejects.toThrow(
        'Migration 20260102000000_half_done started but did not finish. Fix the database, then mark it rolled back ' +
          '(prisma migrate resolve --rolled-back 20260102000000_half_done) before migrating again.',
      );
      expect(await tableExists('second_table')).toBe(false);

      await query('UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = $1', [halfDone!.name]);
      expect(await migrate(db, dir)).toEqual([halfDone!.name]);
      expect(await tableExists('second_table')).toBe(true);
      expect(first!.name).toBe('20260101000000_first');
    });

    // Only PostgreSQL has several connections, so only there do locks between processes mean anything.
    if (backend.kind === 'postgres') {
      it('releases the migration lock after a failure, so another process can migrate', async () => {
        await write('20260101000000_broken', 'SELECT * FROM no_such_table;\n');
        await expect(migrate(db, dir)).rejects.toThrow(/20260101000000_broken/);
        // Other test files may hold the (database-wide) lock for a moment while they migrate: retry
        // briefly. Had ours leaked, it would stay held by our still-open pool and never come free.
        const acquired = await withClient(TEST_DATABASE_URL as string, async (c) => {
          for (let attempt = 0; attempt < 50; attempt += 1) {
            const { rows: [row] } = await c.query('SELECT pg_try_advisory_lock($1) AS ok', [PRISMA_MIGRATE_LOCK]);
            if (row.ok) {
              await c.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]);
              return true;
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          return false;
        });
        expect(acquired).toBe(true);
      });

      it('applies each migration once when two processes migrate at the same time', async () => {
        await write('20260101000000_a', "CREATE TABLE a (id INT);\nSELECT pg_sleep(0.2);\nINSERT INTO a VALUES (1);\n");
        await write('20260102000000_b', 'CREATE TABLE b (id INT);\n');
        const other = await openDatabase({ kind: 'postgres', url: TEST_DATABASE_URL as string, schema: schema as string }, { poolSize: 1 });
        try {
          const [one, two] = await Promise.all([migrate(db, dir), migrate(other, dir)]);
          expect([...one, ...two].sort()).toEqual(['20260101000000_a', '20260102000000_b']);
        } finally {
          await other.close();
        }
        expect(await query('SELECT count(*)::int AS n FROM a')).toEqual([{ n: 1 }]);
        expect(await rows()).toHaveLength(2);
      });
    }
  });
}
