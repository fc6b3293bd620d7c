import { randomUUID } from 'node:crypto';
import type { SqlClient } from '@ordergraph/db';
import type { PaymentStatus } from '../generated/prisma/client.js';
import type { PaymentModel } from '../mappers.js';

// The charge path's writes as single statements (#17): Prisma's findUnique + create and three
// statements per provider outcome were most of the payments process's CPU per order.

// What runs them: SqlReads (a named prepared statement on the pg pool, or PGlite), counted like Prisma's (#17, round 3).

/**
 * Every column of "Payment": BIGINT as text (made a BigInt by `toPayment`), `timestamp(3)` columns
 * (UTC, as Prisma writes them) as timestamptz so the driver makes the right instant of them.
 */
const PAYMENT_COLUMNS = `id, "orderId", "customerId", status::text AS status, amount::text AS amount, currency, "failureReason", "providerRef",
  "createdAt" AT TIME ZONE 'UTC' AS "createdAt", "updatedAt" AT TIME ZONE 'UTC' AS "updatedAt"`;
type PaymentRow = Omit<PaymentModel, 'amount'> & { amount: string };
const toPayment = (row: PaymentRow): PaymentModel => ({ ...row, amount: BigInt(row.amount) });

export interface NewPayment {
  orderId: string;
  customerId: string;
  amount: number;
  currency: string;
  status: PaymentStatus;
}

/** $1 id, $2 orderId, $3 customerId, $4 status, $5 amount (text), $6 currency, $7 now (ISO text). */
const INSERT_PAYMENT = {
  name: 'payments.insertPayment',
  text: `
    WITH created AS (
      INSERT INTO "Payment" ("id", "orderId", "customerId", "status", "amount", "currency", "createdAt", "updatedAt")
      VALUES ($1::text, $2::text, $3::text, $4::text::"PaymentStatus", $5::text::bigint, $6::text, $7::text::timestamp(3), $7::text::timestamp(3))
      ON CONFLICT ("orderId") DO NOTHING
      RETURNING *
    )
    SELECT ${PAYMENT_COLUMNS} FROM created
    UNION ALL SELECT ${PAYMENT_COLUMNS} FROM "Payment" WHERE "orderId" = $2::text AND NOT EXISTS (SELECT 1 FROM created)`,
};

/**
 * The order's payment, created with `status` when there is none, in one statement.
 * @returns null when a concurrent call is creating it right now (read it again).
 */
export async function insertPayment(db: SqlClient, payment: NewPayment): Promise<PaymentModel | null> {
  const rows = await db.query<PaymentRow>(INSERT_PAYMENT, [
    randomUUID(),
    payment.orderId,
    payment.customerId,
    payment.status,
    String(payment.amount),
    payment.currency,
    new Date().toISOString(),
  ]);
  return rows[0] ? toPayment(rows[0]) : null;
}

export interface PaymentUpdate {
  /** Recorded only if the payment has none yet. */
  providerRef?: string;
  /** The new status, taken only from one of `from` (a conditional move). */
  move?: { to: PaymentStatus; from: PaymentStatus[] };
  /** Written with the move (a decline's reason). */
  failureReason?: string;
}

/** $1 orderId, $2 providerRef, $3 from statuses, $4 to, $5 failureReason, $6 now (ISO text). */
const UPDATE_PAYMENT = {
  name: 'payments.updatePayment',
  text: `
    UPDATE "Payment" SET
      "providerRef" = COALESCE("providerRef", $2::text),
      "status" = CASE WHEN "status"::text = ANY($3::text[]) THEN $4::text::"PaymentStatus" ELSE "status" END,
      "failureReason" = CASE WHEN "status"::text = ANY($3::text[]) AND $5::text IS NOT NULL THEN $5::text ELSE "failureReason" END,
      "updatedAt" = $6::text::timestamp(3)
    WHERE "orderId" = $1::text
    RETURNING ${PAYMENT_COLUMNS}`,
};

/** Record a provider outcome in one statement. @returns the payment as it is after, or null when there is none. */
export async function updatePayment(db: SqlClient, orderId: string, update: PaymentUpdate): Promise<PaymentModel | null> {
  const rows = await db.query<PaymentRow>(UPDATE_PAYMENT, [
    orderId,
    update.providerRef ?? null,
    update.move?.from ?? [],
    update.move?.to ?? null,
    update.failureReason ?? null,
    new Date().toISOString(),
  ]);
  return rows[0] ? toPayment(rows[0]) : null;
}

const PAYMENT_BY_ORDER = { name: 'payments.paymentByOrder', text: `SELECT ${PAYMENT_COLUMNS} FROM "Payment" WHERE "orderId" = $1::text` };

/** The order's payment, or null. */
export async function paymentByOrder(db: SqlClient, orderId: string): Promise<PaymentModel | null> {
  const [row] = await db.query<PaymentRow>(PAYMENT_BY_ORDER, [orderId]);
  return row ? toPayment(row) : null;
}

/** Every column of "Payment" qualified by `alias` (for statements that join another row source). */
const paymentColumnsOf = (alias: string) =>
  PAYMENT_COLUMNS.replace(/(^|,\s*)(id|"orderId"|"customerId"|status|amount|currency|"failureReason"|"providerRef"|"createdAt"|"updatedAt")/g, `$1${alias}.$2`);

/**
 * $1 ids, $2 orderIds, $3 customerIds, $4 statuses, $5 amounts (text), $6 currencies, $7 now (ISO text):
 * the orders' payments, each created with its status when it has none, in ONE statement. Rows
 * inserted in orderId order (the unique index's entries, so two groups never wait on each other in
 * opposite order). Existing rows as this statement's snapshot saw them.
 */
const INSERT_PAYMENTS = {
  name: 'payments.insertPayments',
  text: `
    WITH created AS (
      INSERT INTO "Payment" ("id", "orderId", "customerId", "status", "amount", "currency", "createdAt", "updatedAt")
      SELECT r.id, r.oid, r.cid, r.st::"PaymentStatus", r.amt::bigint, r.cur, $7::text::timestamp(3), $7::text::timestamp(3)
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS r(id, oid, cid, st, amt, cur)
      ORDER BY r.oid
      ON CONFLICT ("orderId") DO NOTHING
      RETURNING *
    )
    SELECT ${PAYMENT_COLUMNS} FROM created
    UNION ALL SELECT ${PAYMENT_COLUMNS} FROM "Payment" WHERE "orderId" = ANY($2::text[]) AND "orderId" NOT IN (SELECT "orderId" FROM created)`,
};

/**
 * `insertPayment` for several orders (distinct order ids) in one statement.
 * @returns the payment of each order, or null when a concurrent call was creating it right now (read it again).
 */
export async function insertPayments(db: SqlClient, payments: readonly NewPayment[]): Promise<Array<PaymentModel | null>> {
  const rows = await db.query<PaymentRow>(INSERT_PAYMENTS, [
    payments.map(() => randomUUID()),
    payments.map((p) => p.orderId),
    payments.map((p) => p.customerId),
    payments.map((p) => p.status),
    payments.map((p) => String(p.amount)),
    payments.map((p) => p.currency),
    new Date().toISOString(),
  ]);
  const byOrder = new Map(rows.map((row) => [row.orderId, toPayment(row)]));
  return payments.map((p) => byOrder.get(p.orderId) ?? null);
}

/**
 * `updatePayment` for several orders (distinct order ids) in ONE statement, each exactly as
 * UPDATE_PAYMENT: $1 orderIds, $2 providerRefs, $3 from statuses (comma-separated), $4 to, $5
 * failureReasons, $6 now. The rows are locked in orderId order first (no deadlock between groups).
 */
const UPDATE_PAYMENTS = {
  name: 'payments.updatePayments',
  text: `
    WITH u AS (
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(oid, ref, froms, tostatus, reason)
    ),
    locked AS (SELECT p.id FROM "Payment" p WHERE p."orderId" IN (SELECT oid FROM u) ORDER BY p."orderId" FOR UPDATE)
    UPDATE "Payment" p SET
      "providerRef" = COALESCE(p."providerRef", u.ref),
      "status" = CASE WHEN p."status"::text = ANY(string_to_array(u.froms, ',')) THEN u.tostatus::"PaymentStatus" ELSE p."status" END,
      "failureReason" = CASE WHEN p."status"::text = ANY(string_to_array(u.froms, ',')) AND u.reason IS NOT NULL THEN u.reason ELSE p."failureReason" END,
      "updatedAt" = $6::text::timestamp(3)
    FROM u
    WHERE p."orderId" = u.oid AND EXISTS (SELECT 1 FROM locked)
    RETURNING ${paymentColumnsOf('p')}`,
};

/** Record several provider outcomes, one per order, in one statement. @returns each payment as it is after, or null when there is none. */
export async function updatePayments(db: SqlClient, updates: ReadonlyArray<{ orderId: string } & PaymentUpdate>): Promise<Array<PaymentModel | null>> {
  if (updates.length === 0) return [];
  const rows = await db.query<PaymentRow>(UPDATE_PAYMENTS, [
    updates.map((u) => u.orderId),
    updates.map((u) => u.providerRef ?? null),
    updates.map((u) => (u.move?.from ?? []).join(',')),
    updates.map((u) => u.move?.to ?? null),
    updates.map((u) => u.failureReason ?? null),
    new Date().toISOString(),
  ]);
  const byOrder = new Map(rows.map((row) => [row.orderId, toPayment(row)]));
  return updates.map((u) => byOrder.get(u.orderId) ?? null);
}
