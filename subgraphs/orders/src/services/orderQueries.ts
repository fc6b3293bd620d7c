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
import type { SqlReads } from '@ordergraph/db';
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

/**
 * Every column of Order as Prisma reads it: `totalAmount` (BIGINT) as text, made a BigInt below;
 * timestamps (UTC `timestamp(3)`, Prisma's convention) read as `timestamptz` so the driver parses them as UTC.
 */
const ORDER_COLUMNS = `o."id", o."customerId", o."status"::text AS "status", o."totalAmount"::text AS "totalAmount", o."currency",
  o."paymentMethod", o."idempotencyKey", o."requestHash", o."failureReason",
  o."cancelRequestedAt" AT TIME ZONE 'UTC' AS "cancelRequestedAt", o."leaseUntil" AT TIME ZONE 'UTC' AS "leaseUntil", o."sagaAttempts",
  o."createdAt" AT TIME ZONE 'UTC' AS "createdAt", o."updatedAt" AT TIME ZONE 'UTC' AS "updatedAt"`;
type OrderRow = Omit<OrderModel, 'totalAmount'> & { totalAmount: string; totalCount: number };

interface PageShape {
  /** Only one customer's orders (everyone but ADMIN). */
  customer: boolean;
  status: boolean;
  after: boolean;
}

/**
 * One statement per filter shape (customer or all, with or without status, first page or after a
 * cursor): each prepared plan keeps its index ((customerId, createdAt, id) or (createdAt, id)).
 * The page carries the filter's count (an uncorrelated subquery, run once), so a page is one
 * statement; `count` alone serves an empty page. Parameters: $1 limit, then customer, status,
 * cursor date and id, those the shape has, in that order.
 */
function pageStatements(shape: PageShape) {
  // The filter's placeholders: $2… in the page (after the limit), $1… in the count alone.
  const filterOf = (alias: string, first: number) => {
    let next = first;
    const parts: string[] = [];
    if (shape.customer) parts.push(`${alias}"customerId" = $${next++}`);
    if (shape.status) parts.push(`${alias}"status" = $${next++}::"OrderStatus"`);
    return { where: parts.length ? parts.join(' AND ') : 'TRUE', next };
  };
  const page = filterOf('o.', 2);
  const after = shape.after ? ` AND (o."createdAt", o."id") < ($${page.next}::timestamptz AT TIME ZONE 'UTC', $${page.next + 1})` : '';
  const key = `${shape.customer ? 'customer' : 'all'}${shape.status ? 'Status' : ''}${shape.after ? 'After' : ''}`;
  return {
    page: {
      name: `orders.page.${key}`,
      text: `SELECT ${ORDER_COLUMNS}, (SELECT count(*)::int FROM "Order" WHERE ${filterOf('', 2).where}) AS "totalCount"
             FROM "Order" o WHERE ${page.where}${after} ORDER BY o."createdAt" DESC, o."id" DESC LIMIT $1`,
    },
    count: { name: `orders.count.${key}`, text: `SELECT count(*)::int AS "totalCount" FROM "Order" WHERE ${filterOf('', 1).where}` },
  };
}
const PAGE_STATEMENTS = new Map<string, ReturnType<typeof pageStatements>>();
for (const customer of [false, true])
  for (const status of [false, true])
    for (const after of [false, true]) PAGE_STATEMENTS.set(`${customer}|${status}|${after}`, pageStatements({ customer, status, after }));

/** The caller's orders, newest first; an ADMIN sees every customer's. */
export async function listOrders(
  reads: Pick<SqlReads, 'query'>,
  identity: Identity | null,
  args: ListOrdersArgs,
): Promise<Connection<OrderModel>> {
  if (!identity) throw unauthenticated('Sign in to list your orders.');
  const page = parsePageArgs(args.first, args.after);
  const customer = identity.role !== 'ADMIN';
  const statements = PAGE_STATEMENTS.get(`${customer}|${Boolean(args.status)}|${page.after !== null}`)!;
  const filterParams: unknown[] = [...(customer ? [identity.customerId] : []), ...(args.status ? [args.status] : [])];
  const cursorParams: unknown[] = page.after ? [cursorDate(page.after), page.after.id] : [];
  const rows = page.first === 0 ? [] : await reads.query<OrderRow>(statements.page, [page.first + 1, ...filterParams, ...cursorParams]);
  // No row, no count on it: ask for the count alone (an empty page, or past the last order).
  const totalCount = rows[0]?.totalCount ?? (await reads.query<{ totalCount: number }>(statements.count, filterParams))[0]!.totalCount;
  const orders = rows.map(({ totalCount: _count, ...row }) => ({ ...row, totalAmount: BigInt(row.totalAmount) }) as OrderModel);
  return toConnection(orders, page.first, totalCount, orderCursor);
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
