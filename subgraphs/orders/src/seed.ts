import { DEMO_ORDERS } from '@ordergraph/demo-data';
import type { PrismaClient } from './generated/prisma/client.js';

/** Load the demo orders unless orders already exist. @returns orders inserted. */
export async function seedOrders(prisma: PrismaClient): Promise<number> {
  if ((await prisma.order.count()) > 0) return 0;
  await prisma.$transaction([
    prisma.order.createMany({
      data: DEMO_ORDERS.map(({ items: _items, payment: _payment, ...order }) => ({ ...order, updatedAt: order.createdAt })),
    }),
    prisma.orderItem.createMany({
      data: DEMO_ORDERS.flatMap((order) =>
        order.items.map((item, position) => ({ ...item, orderId: order.id, position, currency: order.currency })),
      ),
    }),
  ]);
  return DEMO_ORDERS.length;
}
