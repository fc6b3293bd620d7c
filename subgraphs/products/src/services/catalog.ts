import { parsePageArgs, toConnection, type Connection } from '@ordergraph/core';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { ProductModel } from '../mappers.js';

const MAX_SEARCH_LENGTH = 100;

export interface ListProductsArgs {
  first?: number | null;
  after?: string | null;
  search?: string | null;
}

/** Active products ordered by name (then id), keyset-paginated. */
export async function listProducts(prisma: PrismaClient, args: ListProductsArgs): Promise<Connection<ProductModel>> {
  const page = parsePageArgs(args.first, args.after);
  const search = args.search?.trim().slice(0, MAX_SEARCH_LENGTH);
  const filter: Prisma.ProductWhereInput = { active: true };
  if (search) {
    filter.OR = [
      { name: { contains: search, mode: 'insensitive' } },
      { sku: { contains: search, mode: 'insensitive' } },
      { description: { contains: search, mode: 'insensitive' } },
    ];
  }
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
