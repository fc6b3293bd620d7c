import {
  badInput,
  parseDateTimeInput,
  canAccess,
  parsePageArgs,
  toConnection,
  unauthenticated,
  type Connection,
  type Identity,
  type KeysetCursor,
  type PageArgs,
} from '@ordergraph/core';
import { Prisma, type OrderStatus, type PrismaClient } from '../generated/prisma/client.js';
import type { OrderModel } from '../mappers.js';

export const orderCursor = (order: OrderModel): KeysetCursor => ({ k: order.createdAt.toISOString(), id: order.id });

/** The createdAt an order cursor points at. A key that is no date means the cursor is not one of ours. */
function cursorDate(after: KeysetCursor): Date {
  try {
    return parseDateTimeInput(after.k, 'A cursor key');
  } catch {
    throw badInput('Invalid cursor: pass an endCursor value returned by a previous page of orders.', { argumentName: 'after' });
  }
}

/** Rows strictly after the cursor in (createdAt DESC, id DESC) order. */
export function afterCursor(after: KeysetCursor | null): Prisma.OrderWhereInput {
  if (!after) return {};
  const at = cursorDate(after);
  return { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: after.id } }] };
}

export interface ListOrdersArgs {
  first?: number | null;
  after?: string | null;
  status?: OrderStatus | null;
}

/** The caller's orders, newest first; an ADMIN sees every customer's. */
export async function listOrders(
  prisma: PrismaClient,
  identity: Identity | null,
  args: ListOrdersArgs,
): Promise<Connection<OrderModel>> {
  if (!identity) throw unauthenticated('Sign in to list your orders.');
  const page = parsePageArgs(args.first, args.after);
  const filter: Prisma.OrderWhereInput = {
    ...(identity.role === 'ADMIN' ? {} : { customerId: identity.customerId }),
    ...(args.status ? { status: args.status } : {}),
  };
  const [rows, totalCount] = await Promise.all([
    page.first === 0
      ? Promise.resolve([])
      : prisma.order.findMany({
          where: { AND: [filter, afterCursor(page.after)] },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: page.first + 1,
        }),
    prisma.order.count({ where: filter }),
  ]);
  return toConnection(rows, page.first, totalCount, orderCursor);
}

/** An order if the caller may see it, else null (no hint whether it exists). */
export function visibleOrder(identity: Identity | null, order: OrderModel | null): OrderModel | null {
  return order && canAccess(identity, order.customerId) ? order : null;
}

/**
 * First page(s) of several customers' orders in one statement: a window function
 * numbers each customer's orders so one query serves the whole batch.
 */
export async function ordersOfCustomers(
  prisma: PrismaClient,
  customerIds: readonly string[],
  page: PageArgs,
): Promise<Map<string, Connection<OrderModel>>> {
  const ids = [...customerIds];
  const afterSql = page.after
    ? Prisma.sql`AND ("createdAt", "id") < (${cursorDate(page.after)}::timestamp(3), ${page.after.id})`
    : Prisma.empty;
  const [rows, counts] = await Promise.all([
    page.first === 0
      ? Promise.resolve([] as OrderModel[])
      : prisma.$queryRaw<OrderModel[]>`
          SELECT "id", "customerId", "status", "totalAmount", "currency", "createdAt", "updatedAt" FROM (
            SELECT o.*, row_number() OVER (PARTITION BY "customerId" ORDER BY "createdAt" DESC, "id" DESC) AS rn
            FROM "Order" o WHERE "customerId" = ANY(${ids}) ${afterSql}
          ) ranked WHERE rn <= ${page.first + 1} ORDER BY "customerId", "createdAt" DESC, "id" DESC`,
    prisma.order.groupBy({ by: ['customerId'], where: { customerId: { in: ids } }, _count: { _all: true } }),
  ]);
  const countOf = new Map(counts.map((c) => [c.customerId, c._count._all]));
  const rowsOf = new Map<string, OrderModel[]>();
  for (const row of rows) {
    const list = rowsOf.get(row.customerId) ?? [];
    list.push({ ...row, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) });
    rowsOf.set(row.customerId, list);
  }
  return new Map(
    ids.map((id) => [id, toConnection(rowsOf.get(id) ?? [], page.first, countOf.get(id) ?? 0, orderCursor)]),
  );
}
