import { randomUUID } from 'node:crypto';
import { Prisma, type PaymentStatus, type PrismaClient } from '../generated/prisma/client.js';
import type { PaymentModel } from '../mappers.js';

// The charge path's writes as single statements (#17): Prisma's findUnique + create and three
// statements per provider outcome were most of the payments process's CPU per order.

/** Now as UTC text for a `timestamp(3)` column, as Prisma writes timestamps (independent of the session time zone). */
const sqlNow = () => Prisma.sql`${new Date().toISOString()}::timestamp(3)`;

export interface NewPayment {
  orderId: string;
  customerId: string;
  amount: number;
  currency: string;
  status: PaymentStatus;
}

/**
 * The order's payment, created with `status` when there is none, in one statement.
 * @returns null when a concurrent call is creating it right now (read it again).
 */
export async function insertPayment(prisma: PrismaClient, payment: NewPayment): Promise<PaymentModel | null> {
  const now = sqlNow();
  const rows = await prisma.$queryRaw<PaymentModel[]>`
    WITH created AS (
      INSERT INTO "Payment" ("id", "orderId", "customerId", "status", "amount", "currency", "createdAt", "updatedAt")
      VALUES (${randomUUID()}, ${payment.orderId}, ${payment.customerId}, ${payment.status}::"PaymentStatus", ${String(payment.amount)}::bigint, ${payment.currency}, ${now}, ${now})
      ON CONFLICT ("orderId") DO NOTHING
      RETURNING *
    )
    SELECT * FROM created
    UNION ALL SELECT * FROM "Payment" WHERE "orderId" = ${payment.orderId} AND NOT EXISTS (SELECT 1 FROM created)`;
  return rows[0] ?? null;
}

export interface PaymentUpdate {
  /** Recorded only if the payment has none yet. */
  providerRef?: string;
  /** The new status, taken only from one of `from` (a conditional move). */
  move?: { to: PaymentStatus; from: PaymentStatus[] };
  /** Written with the move (a decline's reason). */
  failureReason?: string;
}

/** Record a provider outcome in one statement. @returns the payment as it is after, or null when there is none. */
export async function updatePayment(prisma: PrismaClient, orderId: string, update: PaymentUpdate): Promise<PaymentModel | null> {
  const from = update.move?.from ?? [];
  const rows = await prisma.$queryRaw<PaymentModel[]>`
    UPDATE "Payment" SET
      "providerRef" = COALESCE("providerRef", ${update.providerRef ?? null}),
      "status" = CASE WHEN "status"::text = ANY(${from}::text[]) THEN ${update.move?.to ?? null}::"PaymentStatus" ELSE "status" END,
      "failureReason" = CASE WHEN "status"::text = ANY(${from}::text[]) AND ${update.failureReason ?? null}::text IS NOT NULL THEN ${update.failureReason ?? null} ELSE "failureReason" END,
      "updatedAt" = ${sqlNow()}
    WHERE "orderId" = ${orderId}
    RETURNING *`;
  return rows[0] ?? null;
}
