import DataLoader from 'dataloader';
import type { DataLoaderConfig } from '@ordergraph/core';
import type { SqlReads } from '@ordergraph/db';
import type { CustomerModel } from '../mappers.js';

/** Timestamps are stored as UTC `timestamp(3)` (Prisma's convention): read as `timestamptz` so the driver parses them as UTC. */
const CUSTOMERS_BY_ID = {
  name: 'accounts.customersById',
  text: `SELECT "id", "email", "name", "passwordHash", "role", "createdAt" AT TIME ZONE 'UTC' AS "createdAt", "updatedAt" AT TIME ZONE 'UTC' AS "updatedAt"
         FROM "Customer" WHERE "id" = ANY($1::text[])`,
};

/**
 * Per-request loaders, on SqlReads (prepared statements, not Prisma: see SqlReads for why).
 * `batch: false` (benchmark only) sends one statement per key, to measure what batching saves.
 */
export function createLoaders(reads: Pick<SqlReads, 'query'>, { batch }: DataLoaderConfig = { batch: true }) {
  return {
    customerById: new DataLoader<string, CustomerModel | null>(async (ids) => {
      const rows = await reads.query<CustomerModel>(CUSTOMERS_BY_ID, [ids]);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }, { batch }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
