import { randomUUID } from 'node:crypto';
import { appError, ErrorCode } from '@ordergraph/core';
import { Prisma, type OrderStatus } from '../generated/prisma/client.js';
import type { OrderModel } from '../mappers.js';

/** Every legal status change. Anything else is refused. */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ['RESERVED', 'FAILED'],
  RESERVED: ['PAID', 'FAILED'],
  PAID: ['CONFIRMED', 'FAILED'],
  CONFIRMED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
  FAILED: [],
};

export const IN_FLIGHT: OrderStatus[] = ['PENDING', 'RESERVED', 'PAID'];

export const canTransition = (from: OrderStatus, to: OrderStatus) => TRANSITIONS[from].includes(to);

export const ORDER_STATUS_CHANGED = 'OrderStatusChanged';

/** What runs raw SQL: the PrismaClient or a transaction client. */
export interface SqlClient {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Prisma.PrismaPromise<T>;
}

export interface TransitionOptions {
  reason?: string | null;
  /** Move only if no cancellation was requested (fulfilment). @default false */
  unlessCancelRequested?: boolean;
  /** Extend the saga lease to this time with the status. */
  leaseUntil?: Date;
}

/** Timestamps are written as UTC text into `timestamp(3)` columns, as Prisma writes them (independent of the session time zone). */
const sqlTime = (at: Date) => Prisma.sql`${at.toISOString()}::timestamp(3)`;

/**
 * The history row and the outbox event of a change, as CTEs over `source` (a CTE yielding the
 * order's `id` and `customerId`): appended in the same statement, hence the same transaction,
 * as the change itself. The outbox payload names the history row (`changeId`).
 */
function historyAndOutbox(source: string, from: OrderStatus | null, to: OrderStatus, reason: string | null, at: Date) {
  const src = Prisma.raw(`"${source}"`);
  return Prisma.sql`
    change AS (
      INSERT INTO "OrderStatusChange" ("orderId", "from", "to", "reason", "at")
      SELECT id, ${from}::"OrderStatus", ${to}::"OrderStatus", ${reason}, ${sqlTime(at)} FROM ${src}
      RETURNING id, "orderId"
    ),
    event AS (
      INSERT INTO "OutboxEvent" ("aggregateId", "type", "payload", "createdAt")
      SELECT s.id, ${ORDER_STATUS_CHANGED}, jsonb_build_object(
        'orderId', s.id, 'customerId', s."customerId", 'changeId', change.id::text,
        'from', ${from}::text, 'to', ${to}::text, 'reason', ${reason}::text, 'at', ${at.toISOString()}::text
      ), ${sqlTime(at)}
      FROM ${src} s JOIN change ON change."orderId" = s.id
    )`;
}

/**
 * Move an order from `from` to `to` in ONE statement: a conditional update (so two writers can
 * never both move it), the history row and the outbox event (data-modifying CTEs run atomically).
 * @returns the order as moved, or null when it was no longer in `from` (someone else moved it first).
 */
export async function transition(
  db: SqlClient,
  order: { id: string },
  from: OrderStatus,
  to: OrderStatus,
  options: TransitionOptions = {},
): Promise<OrderModel | null> {
  if (!canTransition(from, to)) {
    throw appError(ErrorCode.ILLEGAL_TRANSITION, `An order cannot go from ${from} to ${to}.`, { details: { from, to } });
  }
  const at = new Date();
  const lease = options.leaseUntil ? Prisma.sql`, "leaseUntil" = ${sqlTime(options.leaseUntil)}` : Prisma.empty;
  const unlessCancel = options.unlessCancelRequested ? Prisma.sql`AND "cancelRequestedAt" IS NULL` : Prisma.empty;
  const rows = await db.$queryRaw<OrderModel[]>`
    WITH moved AS (
      UPDATE "Order" SET "status" = ${to}::"OrderStatus", "updatedAt" = ${sqlTime(at)} ${lease}
      WHERE id = ${order.id} AND "status" = ${from}::"OrderStatus" ${unlessCancel}
      RETURNING *
    ), ${historyAndOutbox('moved', from, to, options.reason ?? null, at)}
    SELECT * FROM moved`;
  return rows[0] ?? null;
}

export interface NewOrder {
  customerId: string;
  totalAmount: bigint | number;
  currency: string;
  paymentMethod: string | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  leaseUntil: Date;
  lines: Array<{ productId: string; quantity: number; unitPriceAmount: bigint | number; currency: string }>;
}

/**
 * Insert a PENDING order with its items, its first history row and outbox event in ONE
 * statement. @returns the order, or null when the customer already used `idempotencyKey`.
 */
export async function insertOrder(db: SqlClient, order: NewOrder): Promise<OrderModel | null> {
  const id = randomUUID();
  const at = new Date();
  const rows = await db.$queryRaw<OrderModel[]>`
    WITH placed AS (
      INSERT INTO "Order" ("id", "customerId", "status", "totalAmount", "currency", "paymentMethod", "idempotencyKey", "requestHash", "leaseUntil", "createdAt", "updatedAt")
      -- Money goes as text cast to BIGINT: exact past 2^53, whatever the driver does with bigint arrays.
      VALUES (${id}, ${order.customerId}, 'PENDING', ${String(order.totalAmount)}::bigint, ${order.currency}, ${order.paymentMethod}, ${order.idempotencyKey}, ${order.requestHash},
              ${sqlTime(order.leaseUntil)}, ${sqlTime(at)}, ${sqlTime(at)})
      ON CONFLICT ("customerId", "idempotencyKey") DO NOTHING
      RETURNING *
    ),
    items AS (
      INSERT INTO "OrderItem" ("id", "orderId", "position", "productId", "quantity", "unitPriceAmount", "currency")
      SELECT line.id, placed.id, line.position, line."productId", line.quantity, line.price, line.currency
      FROM placed, unnest(${order.lines.map(() => randomUUID())}::text[], ${order.lines.map((_, i) => i)}::int[], ${order.lines.map((l) => l.productId)}::text[],
                          ${order.lines.map((l) => l.quantity)}::int[], ${order.lines.map((l) => String(l.unitPriceAmount))}::bigint[], ${order.lines.map((l) => l.currency)}::text[])
           AS line(id, position, "productId", quantity, price, currency)
    ), ${historyAndOutbox('placed', null, 'PENDING', null, at)}
    SELECT * FROM placed`;
  return rows[0] ?? null;
}
