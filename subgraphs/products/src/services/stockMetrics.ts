import type { StockSnapshot } from '@ordergraph/telemetry';
import type { PrismaClient } from '../generated/prisma/client.js';

/**
 * Read stock for `current_stock{product}` at scrape time: the `limit` active products with
 * the least available, labelled by SKU, plus catalogue-wide totals. Three small queries per
 * scrape (every 15 s); reading on scrape means the gauge is never stale, whoever changed the stock.
 */
export function readStock(prisma: PrismaClient) {
  return async (limit: number): Promise<StockSnapshot> => {
    const [lowest, products, outOfStock] = await Promise.all([
      prisma.inventory.findMany({
        where: { product: { active: true } },
        orderBy: [{ available: 'asc' }, { productId: 'asc' }],
        take: limit,
        select: { available: true, product: { select: { sku: true } } },
      }),
      prisma.inventory.count(),
      prisma.inventory.count({ where: { available: { lte: 0 } } }),
    ]);
    return { lowest: lowest.map((row) => ({ product: row.product.sku, available: row.available })), products, outOfStock };
  };
}
