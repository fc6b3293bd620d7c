import DataLoader from 'dataloader';
import type { DataLoaderConfig } from '@ordergraph/core';
import type { SqlReads } from '@ordergraph/db';
import type { PaymentModel } from '../mappers.js';

/**
 * Every column of Payment, as Prisma would return it: `amount` (BIGINT) as text, made a BigInt
 * below; timestamps (UTC `timestamp(3)`, Prisma's convention) as `timestamptz` so they parse as UTC.
 */
const COLUMNS = `"id", "orderId", "customerId", "status", "amount"::text AS "amount", "currency", "failureReason", "providerRef",
  "createdAt" AT TIME ZONE 'UTC' AS "createdAt", "updatedAt" AT TIME ZONE 'UTC' AS "updatedAt"`;
const PAYMENTS_BY_ID = { name: 'payments.byId', text: `SELECT ${COLUMNS} FROM "Payment" WHERE "id" = ANY($1::text[])` };
const PAYMENTS_BY_ORDER_ID = { name: 'payments.byOrderId', text: `SELECT ${COLUMNS} FROM "Payment" WHERE "orderId" = ANY($1::text[])` };

type PaymentRow = Omit<PaymentModel, 'amount'> & { amount: string };
const toModel = (row: PaymentRow): PaymentModel => ({ ...row, amount: BigInt(row.amount) });

/**
 * Per-request loaders, on SqlReads (prepared statements, not Prisma: see SqlReads for why).
 * `batch: false` (benchmark only) sends one statement per key, to measure what batching saves.
 */
export function createLoaders(reads: Pick<SqlReads, 'query'>, { batch }: DataLoaderConfig = { batch: true }) {
  return {
    paymentById: new DataLoader<string, PaymentModel | null>(async (ids) => {
      const rows = await reads.query<PaymentRow>(PAYMENTS_BY_ID, [ids]);
      const byId = new Map(rows.map((row) => [row.id, toModel(row)]));
      return ids.map((id) => byId.get(id) ?? null);
    }, { batch }),
    paymentByOrderId: new DataLoader<string, PaymentModel | null>(async (orderIds) => {
      const rows = await reads.query<PaymentRow>(PAYMENTS_BY_ORDER_ID, [orderIds]);
      const byOrder = new Map(rows.map((row) => [row.orderId, toModel(row)]));
      return orderIds.map((id) => byOrder.get(id) ?? null);
    }, { batch }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
