import DataLoader from 'dataloader';
import type { DataLoaderConfig } from '@ordergraph/core';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { PaymentModel } from '../mappers.js';

/** `batch: false` (benchmark only) sends one statement per key, to measure what batching saves. */
export function createLoaders(prisma: PrismaClient, { batch }: DataLoaderConfig = { batch: true }) {
  return {
    paymentById: new DataLoader<string, PaymentModel | null>(async (ids) => {
      const rows = await prisma.payment.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }, { batch }),
    paymentByOrderId: new DataLoader<string, PaymentModel | null>(async (orderIds) => {
      const rows = await prisma.payment.findMany({ where: { orderId: { in: [...orderIds] } } });
      const byOrder = new Map(rows.map((row) => [row.orderId, row]));
      return orderIds.map((id) => byOrder.get(id) ?? null);
    }, { batch }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
