import DataLoader from 'dataloader';
import type { DataLoaderConfig } from '@ordergraph/core';
import type { SqlReads } from '@ordergraph/db';
import type { InventoryModel, ProductModel } from '../mappers.js';

const NO_STOCK: InventoryModel = { available: 0, reserved: 0 };

/** Timestamps are stored as UTC `timestamp(3)` (Prisma's convention): read as `timestamptz` so the driver parses them as UTC. */
const PRODUCTS_BY_ID = {
  name: 'products.byId',
  text: `SELECT "id", "sku", "name", "description", "priceAmount", "currency", "active",
           "createdAt" AT TIME ZONE 'UTC' AS "createdAt", "updatedAt" AT TIME ZONE 'UTC' AS "updatedAt"
         FROM "Product" WHERE "id" = ANY($1::text[])`,
};
const INVENTORY_BY_PRODUCT_ID = {
  name: 'products.inventoryByProductId',
  text: `SELECT "productId", "available", "reserved" FROM "Inventory" WHERE "productId" = ANY($1::text[])`,
};

/**
 * Per-request loaders: one SQL statement per batch, whatever the list size, on SqlReads
 * (prepared statements, not Prisma: see SqlReads for why). `batch: false` (benchmark only)
 * sends one statement per key, to measure what batching saves.
 */
export function createLoaders(reads: Pick<SqlReads, 'query'>, { batch }: DataLoaderConfig = { batch: true }) {
  return {
    productById: new DataLoader<string, ProductModel | null>(async (ids) => {
      const rows = await reads.query<ProductModel>(PRODUCTS_BY_ID, [ids]);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }, { batch }),
    inventoryByProductId: new DataLoader<string, InventoryModel>(async (ids) => {
      const rows = await reads.query<InventoryModel & { productId: string }>(INVENTORY_BY_PRODUCT_ID, [ids]);
      const byId = new Map(rows.map(({ productId, available, reserved }) => [productId, { available, reserved }]));
      return ids.map((id) => byId.get(id) ?? NO_STOCK);
    }, { batch }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
