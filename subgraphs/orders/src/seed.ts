import { DEMO_ORDERS, type DemoOrderStatus } from '@ordergraph/demo-data';
import type { OrderStatus, PrismaClient } from './generated/prisma/client.js';

/** The status path each demo order went through, as the saga would have recorded it. */
const PATHS: Record<DemoOrderStatus, OrderStatus[]> = {
  PENDING: ['PENDING'],
  CONFIRMED: ['PENDING', 'RESERVED', 'PAID', 'CONFIRMED'],
  SHIPPED: ['PENDING', 'RESERVED', 'PAID', 'CONFIRMED', 'SHIPPED'],
  DELIVERED: ['PENDING', 'RESERVED', 'PAID', 'CONFIRMED', 'SHIPPED', 'DELIVERED'],
  CANCELLED: ['PENDING', 'RESERVED', 'PAID', 'CONFIRMED', 'CANCELLED'],
  FAILED: ['PENDING', 'RESERVED', 'FAILED'],
};
const REASONS: Partial<Record<OrderStatus, string>> = { FAILED: 'PAYMENT_DECLINED', CANCELLED: 'CANCELLED' };

/** Load the demo orders (items and status history) unless orders already exist. @returns orders inserted. */
export async function seedOrders(prisma: PrismaClient): Promise<number> {
  if ((await prisma.order.count()) > 0) return 0;
  await prisma.$transaction([
    prisma.order.createMany({
      data: DEMO_ORDERS.map(({ items: _items, payment: _payment, ...order }) => ({
        ...order,
        paymentMethod: order.status === 'FAILED' ? 'tok_decline' : 'tok_visa',
        failureReason: REASONS[order.status] === 'PAYMENT_DECLINED' ? 'PAYMENT_DECLINED' : null,
        updatedAt: order.createdAt,
      })),
    }),
    prisma.orderItem.createMany({
      data: DEMO_ORDERS.flatMap((order) =>
        order.items.map((item, position) => ({ ...item, orderId: order.id, position, currency: order.currency })),
      ),
    }),
    prisma.orderStatusChange.createMany({
      data: DEMO_ORDERS.flatMap((order) =>
        PATHS[order.status].map((to, i, path) => ({
          orderId: order.id,
          from: i === 0 ? null : (path[i - 1] as OrderStatus),
          to,
          reason: REASONS[to] ?? null,
          at: new Date(order.createdAt.getTime() + i * 60_000),
        })),
      ),
    }),
  ]);
  return DEMO_ORDERS.length;
}
