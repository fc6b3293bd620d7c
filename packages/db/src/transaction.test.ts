import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database.js';
import { SqlReads } from './sqlReads.js';

// Read here, not through config: the test picks its backends, like the e2e harness does.
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
const backends = [['PGlite', null] as const, ...(TEST_DATABASE_URL ? [['PostgreSQL', TEST_DATABASE_URL] as const] : [])];

const INSERT = { name: 'db_tx_test_insert', text: 'INSERT INTO tx_test (v) VALUES ($1::int)' };
const VALUES = { name: 'db_tx_test_values', text: 'SELECT v FROM tx_test ORDER BY v' };

describe.each(backends)('SqlReads.transaction on %s', (_name, url) => {
  let db: Database;
  let reads: SqlReads;
  const schema = `db_tx_${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    db = await openDatabase(url ? { kind: 'postgres', url, schema } : { kind: 'pglite', dataDir: null });
    await db.session((s) => s.exec('CREATE TABLE tx_test (v int NOT NULL)'));
    reads = new SqlReads(db);
  });
  afterAll(async () => {
    if (url) await db?.session((s) => s.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    await db?.close();
  });

  it('commits when the function resolves, rolls back when it throws, and counts each statement', async () => {
    const seen: string[] = [];
    reads.$on('query', (e) => seen.push(e.query));
    await expect(reads.transaction(async (tx) => {
      await tx.query(INSERT, [1]);
      return 'done';
    })).resolves.toBe('done');
    await expect(reads.transaction(async (tx) => {
      await tx.query(INSERT, [2]);
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await reads.query<{ v: number }>(VALUES, [])).toEqual([{ v: 1 }]);
    expect(seen).toEqual([INSERT.text, INSERT.text, VALUES.text]);
  });

  it('keeps other statements out of an open transaction (PGlite: one connection, serialised)', async () => {
    await reads.query({ name: 'db_tx_test_clear', text: 'DELETE FROM tx_test' }, []);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const tx = reads.transaction(async (t) => {
      await t.query(INSERT, [10]);
      await held;
      throw new Error('rolled back');
    });
    // Issued while the transaction is open: it must neither see nor join the uncommitted row.
    await new Promise((r) => setImmediate(r));
    const outside = reads.query<{ v: number }>(VALUES, []);
    release();
    await expect(tx).rejects.toThrow('rolled back');
    expect(await outside).toEqual([]);
    expect(await reads.query(VALUES, [])).toEqual([]);
  });
});
