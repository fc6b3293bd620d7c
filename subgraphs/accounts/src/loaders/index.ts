import DataLoader from 'dataloader';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { CustomerModel } from '../mappers.js';

export function createLoaders(prisma: PrismaClient) {
  return {
    customerById: new DataLoader<string, CustomerModel | null>(async (ids) => {
      const rows = await prisma.customer.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
