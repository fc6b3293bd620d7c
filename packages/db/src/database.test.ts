import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { resolveDatabaseTarget } from './target.js';

// Read here, not through config: the test picks its backends, like the e2e harness does.
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

describe.skipIf(!TEST_DATABASE_URL)('openDatabase on PostgreSQL: pool settings from the environment', () => {
  it('applies DATABASE_QUERY_TIMEOUT_MS: a statement unanswered past it fails as a lost connection, and the pool goes on', async () => {
    const target = resolveDatabaseTarget('orders', { DATABASE_URL: TEST_DATABASE_URL, DATABASE_QUERY_TIMEOUT_MS: '300', DATABASE_POOL_SIZE: '1' });
    const db = await openDatabase(target);
    try {
      const started = Date.now();
      await expect(db.query({ name: 'db_test_sleep', text: 'SELECT pg_sleep(3)' }, [])).rejects.toThrow(/no answer within 300 ms|terminated/i);
      expect(Date.now() - started).toBeLessThan(2500);
      // The one pooled connection was destroyed and replaced: the next statement works.
      await expect(db.query<{ one: number }>({ name: 'db_test_one', text: 'SELECT 1 AS one' }, [])).resolves.toEqual([{ one: 1 }]);
      expect(db.poolStats()?.total).toBeLessThanOrEqual(1);
    } finally {
      await db.close();
    }
  });

  it('keeps the default limit without the variable: the same statement completes', async () => {
    const db = await openDatabase(resolveDatabaseTarget('orders', { DATABASE_URL: TEST_DATABASE_URL }));
    try {
      await expect(db.query({ name: 'db_test_short_sleep', text: 'SELECT pg_sleep(0.5)' }, [])).resolves.toHaveLength(1);
    } finally {
      await db.close();
    }
  });
});
