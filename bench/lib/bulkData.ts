import { randomUUID } from 'node:crypto';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '@ordergraph/demo-data';
import type { createOrdersService } from '@ordergraph/orders';
import type { createPaymentsService } from '@ordergraph/payments';

interface Services {
  orders: Awaited<ReturnType<typeof createOrdersService>>;
  payments: Awaited<ReturnType<typeof createPaymentsService>>;
}

export interface BulkOptions {
  /** Orders to add on top of the demo data (newest first in listings). */
  orders: number;
  /** Lines per added order. */
  itemsPerOrder: number;
}

/**
 * The seed has 24 orders and 60 products: too few for the N+1 lists. Add orders spread
 * over the demo customers, dated after the seed so they come first in listings, each with
 * `itemsPerOrder` lines and a captured payment (all CONFIRMED). Returns them, oldest first.
 */
export async function insertBulkOrders(services: Services, { orders: count, itemsPerOrder }: BulkOptions): Promise<Array<{ id: string; customerId: string }>> {
  if (count <= 0) return [];
  const start = Date.UTC(2027, 0, 1);
  const orders = Array.from({ length: count }, (_, n) => {
    const customer = DEMO_CUSTOMERS[1 + (n % (DEMO_CUSTOMERS.length - 1))]!;
    const items = Array.from({ length: itemsPerOrder }, (_, i) => {
      const product = DEMO_PRODUCTS[(n * itemsPerOrder + i) % DEMO_PRODUCTS.length]!;
      return { id: randomUUID(), productId: product.id, quantity: 1 + (i % 3), unitPriceAmount: product.priceAmount, currency: 'USD', position: i };
    });
    const totalAmount = items.reduce((sum, i) => sum + i.quantity * i.unitPriceAmount, 0);
    const createdAt = new Date(start + n * 60_000);
    return { id: randomUUID(), customerId: customer.id, status: 'CONFIRMED' as const, totalAmount, currency: 'USD', createdAt, updatedAt: createdAt, items };
  });
  const db = services.orders.database.prisma;
  await db.order.createMany({ data: orders.map(({ items: _items, ...order }) => order) });
  await db.orderItem.createMany({ data: orders.flatMap((o) => o.items.map((item) => ({ ...item, orderId: o.id }))) });
  await services.payments.database.prisma.payment.createMany({
    data: orders.map((o) => ({ orderId: o.id, customerId: o.customerId, status: 'CAPTURED' as const, amount: o.totalAmount, currency: 'USD' })),
  });
  return orders.map((o) => ({ id: o.id, customerId: o.customerId }));
}
