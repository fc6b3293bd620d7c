import { parsePageArgs, toConnection, type Connection } from '@ordergraph/core';
import type { SqlReads } from '@ordergraph/db';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { PRODUCT_COLUMNS, PRODUCT_FROM, type ProductRow } from '../loaders/index.js';
import type { ProductModel } from '../mappers.js';

const MAX_SEARCH_LENGTH = 100;

export interface ListProductsArgs {
  first?: number | null;
  after?: string | null;
  search?: string | null;
}

/**
 * A page of active products and their stock, and the count of active products, in one statement
 * (the count an uncorrelated subquery, run once). One statement per shape (first page, after a
 * cursor) so each prepared plan keeps the (name, id) index; searches stay on Prisma.
 */
const ACTIVE_COUNT = `(SELECT count(*)::int FROM "Product" WHERE "active") AS "totalCount"`;
const FIRST_PAGE = {
  name: 'products.firstPage',
  text: `SELECT ${PRODUCT_COLUMNS}, ${ACTIVE_COUNT} FROM ${PRODUCT_FROM}
         WHERE p."active" ORDER BY p."name", p."id" LIMIT $1`,
};
const PAGE_AFTER = {
  name: 'products.pageAfter',
  text: `SELECT ${PRODUCT_COLUMNS}, ${ACTIVE_COUNT} FROM ${PRODUCT_FROM}
         WHERE p."active" AND (p."name" > $2 OR (p."name" = $2 AND p."id" > $3)) ORDER BY p."name", p."id" LIMIT $1`,
};
const COUNT_ACTIVE = { name: 'products.activeCount', text: `SELECT count(*)::int AS "totalCount" FROM "Product" WHERE "active"` };

/** Puts page rows in the request's loaders (product and stock), returning the products. */
export type RememberProducts = (rows: ProductRow[]) => ProductModel[];

/** Active products ordered by name (then id), keyset-paginated. */
export async function listProducts(
  prisma: PrismaClient,
  reads: Pick<SqlReads, 'query'>,
  args: ListProductsArgs,
  remember: RememberProducts,
): Promise<Connection<ProductModel>> {
  const page = parsePageArgs(args.first, args.after);
  const search = args.search?.trim().slice(0, MAX_SEARCH_LENGTH);
  if (!search) {
    const rows =
      page.first === 0
        ? []
        : page.after
          ? await reads.query<ProductRow & { totalCount: number }>(PAGE_AFTER, [page.first + 1, String(page.after.k), page.after.id])
          : await reads.query<ProductRow & { totalCount: number }>(FIRST_PAGE, [page.first + 1]);
    // No row, no count on it: ask for the count alone (an empty page, or past the last product).
    const totalCount = rows[0]?.totalCount ?? (await reads.query<{ totalCount: number }>(COUNT_ACTIVE, []))[0]!.totalCount;
    const products = remember(rows.map(({ totalCount: _count, ...row }) => row));
    return toConnection(products, page.first, totalCount, (p) => ({ k: p.name, id: p.id }));
  }
  const filter: Prisma.ProductWhereInput = {
    active: true,
    OR: [
      { name: { contains: search, mode: 'insensitive' } },
      { sku: { contains: search, mode: 'insensitive' } },
      { description: { contains: search, mode: 'insensitive' } },
    ],
  };
  const where: Prisma.ProductWhereInput = page.after
    ? {
        AND: [
          filter,
          { OR: [{ name: { gt: String(page.after.k) } }, { name: String(page.after.k), id: { gt: page.after.id } }] },
        ],
      }
    : filter;
  const [rows, totalCount] = await Promise.all([
    page.first === 0
      ? Promise.resolve([])
      : prisma.product.findMany({ where, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: page.first + 1 }),
    prisma.product.count({ where: filter }),
  ]);
  return toConnection(rows, page.first, totalCount, (p) => ({ k: p.name, id: p.id }));
}
