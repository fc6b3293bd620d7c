import { DEMO_ORDERS } from '@ordergraph/demo-data';
import type { PrismaClient } from './generated/prisma/client.js';

/** Load the payments of the demo orders unless payments already exist. @returns rows inserted. */
export async function seedPayments(prisma: PrismaClient): Promise<number> {
  if ((await prisma.payment.count()) > 0) return 0;
  const { count } = await prisma.payment.createMany({
    data: DEMO_ORDERS.map((order) => ({
      id: order.payment.id,
      orderId: order.id,
      customerId: order.customerId,
      status: order.payment.status,
      amount: order.totalAmount,
      currency: order.currency,
      createdAt: order.createdAt,
      updatedAt: order.createdAt,
    })),
  });
  return count;
}
