import { randomUUID } from 'node:crypto';
import { appError, ErrorCode } from '@ordergraph/core';
import type { SqlClient } from '@ordergraph/db';
import type { OrderStatus } from '../generated/prisma/client.js';
import type { OrderModel } from '../mappers.js';
import { groupWhileInFlight } from '../grouping.js';

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

/** Refuses a status change that is not in TRANSITIONS (ILLEGAL_TRANSITION). */
function assertCanTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) throw appError(ErrorCode.ILLEGAL_TRANSITION, `An order cannot go from ${from} to ${to}.`, { details: { from, to } });
}

export const ORDER_STATUS_CHANGED = 'OrderStatusChanged';

// The saga's hot statements run on SqlReads (named prepared statements on the pg pool, or PGlite),
// counted and timed like Prisma's statements. On PostgreSQL a prepared statement costs a fraction
// of Prisma's `$queryRaw` in the service (no query building, no result mapping) and in the backend
// (parsed and planned once per connection): docs/performance.md, "Round 3".

export interface TransitionOptions {
  reason?: string | null;
  /** Move only if no cancellation was requested (fulfilment). @default false */
  unlessCancelRequested?: boolean;
  /** Extend the saga lease to this time with the status. */
  leaseUntil?: Date;
}

/**
 * Every column of "Order" as the driver should give it: BIGINT as text (made a BigInt by
 * `toOrder`), `timestamp(3)` columns (UTC, as Prisma writes them) as timestamptz so the driver
 * makes the right instant of them whatever the session or process time zone.
 */
const ORDER_COLUMNS = `id, "customerId", status::text AS status, "totalAmount"::text AS "totalAmount", currency, "paymentMethod",
  "idempotencyKey", "requestHash", "failureReason", "cancelRequestedAt" AT TIME ZONE 'UTC' AS "cancelRequestedAt",
  "leaseUntil" AT TIME ZONE 'UTC' AS "leaseUntil", "sagaAttempts", "createdAt" AT TIME ZONE 'UTC' AS "createdAt",
  "updatedAt" AT TIME ZONE 'UTC' AS "updatedAt"`;
type OrderRow = Omit<OrderModel, 'totalAmount'> & { totalAmount: string };
const toOrder = (row: OrderRow): OrderModel => ({ ...row, totalAmount: BigInt(row.totalAmount) });

/**
 * The history row and the outbox event of a change, as CTEs over `source` (a CTE yielding the
 * order's `id` and `customerId`): appended in the same statement, hence the same transaction,
 * as the change itself. The outbox payload names the history row (`changeId`). Parameters:
 * `from`, `to`, `reason`, `at` (ISO text, written as `timestamp(3)` like Prisma writes it).
 */
function historyAndOutbox(source: string, from: string, to: string, reason: string, at: string) {
  return `
    change AS (
      INSERT INTO "OrderStatusChange" ("orderId", "from", "to", "reason", "at")
      SELECT id, ${from}::text::"OrderStatus", ${to}::text::"OrderStatus", ${reason}::text, ${at}::text::timestamp(3) FROM "${source}"
      RETURNING id, "orderId"
    ),
    event AS (
      INSERT INTO "OutboxEvent" ("aggregateId", "type", "payload", "createdAt")
      SELECT s.id, '${ORDER_STATUS_CHANGED}', jsonb_build_object(
        'orderId', s.id, 'customerId', s."customerId", 'changeId', change.id::text,
        'from', ${from}::text, 'to', ${to}::text, 'reason', ${reason}::text, 'at', ${at}::text
      ), ${at}::text::timestamp(3)
      FROM "${source}" s JOIN change ON change."orderId" = s.id
    )`;
}

/** $1 id, $2 from, $3 to, $4 reason, $5 at, $6 leaseUntil (null: unchanged), $7 unless a cancellation was requested. */
const TRANSITION = {
  name: 'orders.transition',
  text: `
    WITH moved AS (
      UPDATE "Order" SET "status" = $3::text::"OrderStatus", "updatedAt" = $5::text::timestamp(3),
        "leaseUntil" = COALESCE($6::text::timestamp(3), "leaseUntil")
      WHERE id = $1::text AND "status" = $2::text::"OrderStatus" AND (NOT $7::boolean OR "cancelRequestedAt" IS NULL)
      RETURNING *
    ), ${historyAndOutbox('moved', '$2', '$3', '$4', '$5')}
    SELECT ${ORDER_COLUMNS} FROM moved`,
};

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
  assertCanTransition(from, to);
  const at = new Date().toISOString();
  const rows = await db.query<OrderRow>(TRANSITION, [
    order.id,
    from,
    to,
    options.reason ?? null,
    at,
    options.leaseUntil?.toISOString() ?? null,
    options.unlessCancelRequested ?? false,
  ]);
  return rows[0] ? toOrder(rows[0]) : null;
}

/**
 * Several transitions in ONE statement (the saga's, grouped: `TransitionGroups`). Per row exactly
 * what TRANSITION does: a conditional update, its history row and its outbox event (same payload).
 * The orders' rows are locked in id order first, so two groups (two replicas, or recovery) never
 * deadlock. An order named twice moves at most once (an UPDATE changes a row once; the other
 * request finds nothing, as a losing concurrent writer does).
 * $1 ids, $2 froms, $3 tos, $4 reasons, $5 ats (ISO text), $6 leaseUntils (null: unchanged), $7 unless a cancellation was requested.
 */
const TRANSITION_MANY = {
  name: 'orders.transitionMany',
  text: `
    WITH req AS (
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[])
        AS r(id, "from", "to", reason, at, "leaseUntil", unless)
    ),
    locked AS (SELECT o.id FROM "Order" o WHERE o.id IN (SELECT id FROM req) ORDER BY o.id FOR UPDATE),
    moved AS (
      UPDATE "Order" o SET "status" = r."to"::"OrderStatus", "updatedAt" = r.at::timestamp(3),
        "leaseUntil" = COALESCE(r."leaseUntil"::timestamp(3), o."leaseUntil")
      FROM req r
      WHERE o.id = r.id AND o."status" = r."from"::"OrderStatus" AND (NOT r.unless OR o."cancelRequestedAt" IS NULL)
        AND EXISTS (SELECT 1 FROM locked)
      RETURNING o.*, r."from" AS "changeFrom", r.reason AS "changeReason", r.at AS "changeAt"
    ), ${historyAndOutbox('moved', '"changeFrom"', 'status', '"changeReason"', '"changeAt"')}
    SELECT ${ORDER_COLUMNS} FROM moved`,
};

export interface TransitionRequest extends TransitionOptions {
  order: { id: string };
  from: OrderStatus;
  to: OrderStatus;
}

/**
 * Several orders' transitions in one statement and one commit, each as `transition` would do it.
 * @returns per request, the order as moved or null (it was no longer in `from`).
 */
export async function transitionMany(db: SqlClient, requests: readonly TransitionRequest[]): Promise<Array<OrderModel | null>> {
  for (const { from, to } of requests) assertCanTransition(from, to);
  const at = new Date().toISOString();
  const rows = await db.query<OrderRow>(TRANSITION_MANY, [
    requests.map((r) => r.order.id),
    requests.map((r) => r.from),
    requests.map((r) => r.to),
    requests.map((r) => r.reason ?? null),
    requests.map(() => at),
    requests.map((r) => r.leaseUntil?.toISOString() ?? null),
    requests.map((r) => r.unlessCancelRequested ?? false),
  ]);
  const byId = new Map(rows.map((row) => [row.id, toOrder(row)]));
  // An order named twice moved once: only the request whose `to` it reached gets it.
  return requests.map((r) => {
    const moved = byId.get(r.order.id);
    if (!moved || moved.status !== r.to) return null;
    byId.delete(r.order.id);
    return moved;
  });
}

/** Most transitions in one statement. */
const MAX_TRANSITION_GROUP = 200;

/**
 * The saga's transitions, grouped (#17, round 6): while one statement is in flight, the
 * transitions that arrive wait and go together in the next, one commit for the group instead
 * of one per order. Each order's move is exactly `transition`'s (conditional, with its history
 * row and outbox event); a failing statement fails every move of its group, as it would have
 * failed each alone, and recovery resumes those orders.
 */
export class TransitionGroups {
  private readonly groups;

  constructor(db: SqlClient) {
    this.groups = groupWhileInFlight<TransitionRequest, OrderModel | null>((requests) => transitionMany(db, requests), MAX_TRANSITION_GROUP);
  }

  /** Like `transition(db, order, from, to, options)`. */
  async move(order: { id: string }, from: OrderStatus, to: OrderStatus, options: TransitionOptions = {}): Promise<OrderModel | null> {
    assertCanTransition(from, to);
    return this.groups.load({ order, from, to, ...options });
  }
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
 * Orders with their items, first history rows and outbox events, in ONE statement (one or a group).
 * Per order: $1 ids, $2 customerIds, $3 totals (text), $4 currencies, $5 paymentMethods,
 * $6 idempotencyKeys, $7 requestHashes, $8 leaseUntils (ISO text); $9 at (ISO text, all rows);
 * per line: $10 item ids, $11 their order ids, $12 positions, $13 productIds, $14 quantities,
 * $15 prices (text), $16 currencies; $17 null (the first history row's `from`), $18 'PENDING', $19 null (reason).
 */
const INSERT_ORDERS = {
  name: 'orders.insertOrders',
  text: `
    WITH placed AS (
      INSERT INTO "Order" ("id", "customerId", "status", "totalAmount", "currency", "paymentMethod", "idempotencyKey", "requestHash", "leaseUntil", "createdAt", "updatedAt")
      -- Money goes as text cast to BIGINT: exact past 2^53, whatever the driver does with bigint arrays.
      SELECT o.id, o."customerId", 'PENDING'::"OrderStatus", o.total::bigint, o.currency, o."paymentMethod", o."idempotencyKey", o."requestHash",
             o."leaseUntil"::timestamp(3), $9::text::timestamp(3), $9::text::timestamp(3)
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY
           AS o(id, "customerId", total, currency, "paymentMethod", "idempotencyKey", "requestHash", "leaseUntil", n)
      ORDER BY o.n
      ON CONFLICT ("customerId", "idempotencyKey") DO NOTHING
      RETURNING *
    ),
    items AS (
      INSERT INTO "OrderItem" ("id", "orderId", "position", "productId", "quantity", "unitPriceAmount", "currency")
      SELECT line.id, placed.id, line.position, line."productId", line.quantity, line.price, line.currency
      FROM placed JOIN unnest($10::text[], $11::text[], $12::int[], $13::text[], $14::int[], $15::text[]::bigint[], $16::text[])
           AS line(id, "orderId", position, "productId", quantity, price, currency) ON line."orderId" = placed.id
    ), ${historyAndOutbox('placed', '$17', '$18', '$19', '$9')}
    SELECT ${ORDER_COLUMNS} FROM placed`,
};

/**
 * Insert PENDING orders with their items, first history rows and outbox events in ONE statement
 * and one commit. @returns per order, the order, or null when its customer already used its
 * `idempotencyKey` (also when two orders of the group carry the same customer and key: the first
 * is placed).
 */
export async function insertOrders(db: SqlClient, orders: readonly NewOrder[]): Promise<Array<OrderModel | null>> {
  const at = new Date().toISOString();
  const ids = orders.map(() => randomUUID());
  const lines = orders.flatMap((order, i) => order.lines.map((line, position) => ({ ...line, orderId: ids[i]!, position })));
  const rows = await db.query<OrderRow>(INSERT_ORDERS, [
    ids,
    orders.map((o) => o.customerId),
    orders.map((o) => String(o.totalAmount)),
    orders.map((o) => o.currency),
    orders.map((o) => o.paymentMethod),
    orders.map((o) => o.idempotencyKey),
    orders.map((o) => o.requestHash),
    orders.map((o) => o.leaseUntil.toISOString()),
    at,
    lines.map(() => randomUUID()),
    lines.map((l) => l.orderId),
    lines.map((l) => l.position),
    lines.map((l) => l.productId),
    lines.map((l) => l.quantity),
    lines.map((l) => String(l.unitPriceAmount)),
    lines.map((l) => l.currency),
    null,
    'PENDING',
    null,
  ]);
  const byId = new Map(rows.map((row) => [row.id, toOrder(row)]));
  return ids.map((id) => byId.get(id) ?? null);
}

/**
 * Insert a PENDING order with its items, its first history row and outbox event in ONE
 * statement. @returns the order, or null when the customer already used `idempotencyKey`.
 */
export async function insertOrder(db: SqlClient, order: NewOrder): Promise<OrderModel | null> {
  const [placed] = await insertOrders(db, [order]);
  return placed ?? null;
}

/** Most orders in one insert. */
const MAX_INSERT_GROUP = 100;

/** A statement that failed on the server (it has a SQLSTATE) and so changed nothing, other than a lost connection or server. */
const failedStatement = (error: unknown) => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08') && !code.startsWith('57');
};

/**
 * The orders being placed, grouped (#17, round 7): while one insert is in flight, the orders
 * that arrive wait and go together in the next, one statement and one commit for the group. Each
 * order is exactly `insertOrder`'s. If the group's statement fails on the server (it then wrote
 * nothing), each order is inserted alone, so one order the database refuses fails only itself.
 */
export class OrderInserts {
  private readonly groups;

  constructor(db: SqlClient) {
    this.groups = groupWhileInFlight<NewOrder, OrderModel | null>(async (orders) => {
      try {
        return await insertOrders(db, orders);
      } catch (error) {
        if (orders.length === 1 || !failedStatement(error)) throw error;
        return Promise.all(orders.map((order) => insertOrder(db, order).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))))));
      }
    }, MAX_INSERT_GROUP);
  }

  /** Like `insertOrder(db, order)`. */
  insert(order: NewOrder): Promise<OrderModel | null> {
    return this.groups.load(order);
  }
}

const ORDER_BY_ID = { name: 'orders.orderById', text: `SELECT ${ORDER_COLUMNS} FROM "Order" WHERE id = $1::text` };
const ORDER_BY_KEY = { name: 'orders.orderByKey', text: `SELECT ${ORDER_COLUMNS} FROM "Order" WHERE "customerId" = $1::text AND "idempotencyKey" = $2::text` };

/** The order row, or null. */
export async function orderById(db: SqlClient, id: string): Promise<OrderModel | null> {
  const [row] = await db.query<OrderRow>(ORDER_BY_ID, [id]);
  return row ? toOrder(row) : null;
}

/** The customer's order placed with `idempotencyKey`, or null. */
export async function orderByKey(db: SqlClient, customerId: string, idempotencyKey: string): Promise<OrderModel | null> {
  const [row] = await db.query<OrderRow>(ORDER_BY_KEY, [customerId, idempotencyKey]);
  return row ? toOrder(row) : null;
}
