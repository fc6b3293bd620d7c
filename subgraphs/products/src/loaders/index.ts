import DataLoader from 'dataloader';
import type { DataLoaderConfig } from '@ordergraph/core';
import type { SqlReads } from '@ordergraph/db';
import type { InventoryModel, ProductModel } from '../mappers.js';

const NO_STOCK: InventoryModel = { available: 0, reserved: 0 };

/**
 * Every column of Product plus its stock, so one statement serves a product and its `inventory`
 * (folded into the product load: the federated read asks for both, in both of products' executions).
 * Timestamps are stored as UTC `timestamp(3)` (Prisma's convention): read as `timestamptz` so the
 * driver parses them as UTC.
 */
export const PRODUCT_COLUMNS = `p."id", p."sku", p."name", p."description", p."priceAmount", p."currency", p."active",
  p."createdAt" AT TIME ZONE 'UTC' AS "createdAt", p."updatedAt" AT TIME ZONE 'UTC' AS "updatedAt",
  i."available" AS "stockAvailable", i."reserved" AS "stockReserved"`;
export const PRODUCT_FROM = `"Product" p LEFT JOIN "Inventory" i ON i."productId" = p."id"`;

/** A row of PRODUCT_COLUMNS: stock columns null for a product without an Inventory row. */
export type ProductRow = ProductModel & { stockAvailable: number | null; stockReserved: number | null };

/** The product and its stock (no Inventory row: none in stock, as the inventory loader answers). */
export function splitProductRow(row: ProductRow): [ProductModel, InventoryModel] {
  const { stockAvailable, stockReserved, ...product } = row;
  return [product, stockAvailable === null ? NO_STOCK : { available: stockAvailable, reserved: stockReserved ?? 0 }];
}

const PRODUCTS_BY_ID = {
  name: 'products.byIdWithStock',
  text: `SELECT ${PRODUCT_COLUMNS} FROM ${PRODUCT_FROM} WHERE p."id" = ANY($1::text[])`,
};
const INVENTORY_BY_PRODUCT_ID = {
  name: 'products.inventoryByProductId',
  text: `SELECT "productId", "available", "reserved" FROM "Inventory" WHERE "productId" = ANY($1::text[])`,
};

/**
 * Per-request loaders: one SQL statement per batch, whatever the list size, on SqlReads
 * (prepared statements, not Prisma: see SqlReads for why). A product load brings its stock along
 * and primes `inventoryByProductId`, so `Product.inventory` costs no statement of its own.
 * `batch: false` (benchmark only) sends one statement per key, to measure what batching saves.
 */
export function createLoaders(reads: Pick<SqlReads, 'query'>, { batch }: DataLoaderConfig = { batch: true }) {
  const inventoryByProductId = new DataLoader<string, InventoryModel>(async (ids) => {
    const rows = await reads.query<InventoryModel & { productId: string }>(INVENTORY_BY_PRODUCT_ID, [ids]);
    const byId = new Map(rows.map(({ productId, available, reserved }) => [productId, { available, reserved }]));
    return ids.map((id) => byId.get(id) ?? NO_STOCK);
  }, { batch });
  const productById = new DataLoader<string, ProductModel | null>(async (ids) => {
    const rows = await reads.query<ProductRow>(PRODUCTS_BY_ID, [ids]);
    const byId = new Map<string, ProductModel>();
    for (const row of rows) {
      const [product, stock] = splitProductRow(row);
      byId.set(product.id, product);
      inventoryByProductId.prime(product.id, stock);
    }
    return ids.map((id) => byId.get(id) ?? null);
  }, { batch });
  return {
    productById,
    inventoryByProductId,
    /** Products read elsewhere (a page) with their stock: later loads of them in this request cost nothing. */
    remember(rows: ProductRow[]): ProductModel[] {
      return rows.map((row) => {
        const [product, stock] = splitProductRow(row);
        productById.prime(product.id, product);
        inventoryByProductId.prime(product.id, stock);
        return product;
      });
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
