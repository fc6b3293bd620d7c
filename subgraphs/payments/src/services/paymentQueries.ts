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
