import DataLoader from 'dataloader';
import type { DataLoaderConfig } from '@ordergraph/core';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { InventoryModel, ProductModel } from '../mappers.js';

const NO_STOCK: InventoryModel = { available: 0, reserved: 0 };

/**
 * Per-request loaders: one SQL statement per batch, whatever the list size. `batch: false`
 * (benchmark only) sends one statement per key, to measure what batching saves.
 */
export function createLoaders(prisma: PrismaClient, { batch }: DataLoaderConfig = { batch: true }) {
  return {
    productById: new DataLoader<string, ProductModel | null>(async (ids) => {
      const rows = await prisma.product.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }, { batch }),
    inventoryByProductId: new DataLoader<string, InventoryModel>(async (ids) => {
      const rows = await prisma.inventory.findMany({ where: { productId: { in: [...ids] } } });
      const byId = new Map(rows.map((row) => [row.productId, row]));
      return ids.map((id) => byId.get(id) ?? NO_STOCK);
    }, { batch }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
