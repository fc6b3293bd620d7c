import DataLoader from 'dataloader';
import type { DataLoaderConfig } from '@ordergraph/core';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { CustomerModel } from '../mappers.js';

/** `batch: false` (benchmark only) sends one statement per key, to measure what batching saves. */
export function createLoaders(prisma: PrismaClient, { batch }: DataLoaderConfig = { batch: true }) {
  return {
    customerById: new DataLoader<string, CustomerModel | null>(async (ids) => {
      const rows = await prisma.customer.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }, { batch }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
