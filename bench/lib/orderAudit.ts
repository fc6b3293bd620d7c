// Runs inside the subgraphs process: sets up stock for the orders benchmark and, afterwards,
// checks that stock, orders and payments agree (no oversell, nothing held, no double charge).

interface AuditServices {
  products: { database: { prisma: any } };
  orders: { database: { prisma: any } };
  payments: { database: { prisma: any } };
}

export interface OrderAudit {
  orders: Record<string, number>;
  /** Per product: stock before, stock after, units sold by CONFIRMED orders. */
  products: Array<{ productId: string; before: number; available: number; reserved: number; sold: number }>;
  capturedPayments: number;
  paymentsPerOrderMax: number;
  oversold: number;
  heldAfterRun: number;
  stockMismatches: number;
}

export function orderAuditHandlers(services: AuditServices) {
  const initial = new Map<string, number>();
  let since = new Date(0);
  return {
    /** Give each product `stock` units and start counting orders from now. */
    'orders-prepare': async (args: unknown) => {
      const { productIds, stock } = args as { productIds: string[]; stock: number };
      for (const productId of productIds) {
        await services.products.database.prisma.inventory.update({ where: { productId }, data: { available: stock, reserved: 0 } });
        initial.set(productId, stock);
      }
      since = new Date();
      return { since: since.toISOString() };
    },
    'orders-audit': async (): Promise<OrderAudit> => {
      const orders = services.orders.database.prisma;
      const placed = await orders.order.findMany({ where: { createdAt: { gte: since } }, select: { id: true, status: true } });
      const byStatus: Record<string, number> = {};
      for (const o of placed) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
      const confirmedIds = placed.filter((o: { status: string }) => o.status === 'CONFIRMED').map((o: { id: string }) => o.id);
      const sold = await orders.orderItem.groupBy({ by: ['productId'], where: { orderId: { in: confirmedIds } }, _sum: { quantity: true } });
      const soldBy = new Map<string, number>(sold.map((s: { productId: string; _sum: { quantity: number | null } }) => [s.productId, s._sum.quantity ?? 0]));
      const stock = await services.products.database.prisma.inventory.findMany({ where: { productId: { in: [...initial.keys()] } } });
      const products = stock.map((row: { productId: string; available: number; reserved: number }) => ({
        productId: row.productId,
        before: initial.get(row.productId) ?? 0,
        available: row.available,
        reserved: row.reserved,
        sold: soldBy.get(row.productId) ?? 0,
      }));
      const payments = await services.payments.database.prisma.payment.findMany({ where: { orderId: { in: placed.map((o: { id: string }) => o.id) } }, select: { orderId: true, status: true } });
      const perOrder = new Map<string, number>();
      for (const p of payments) perOrder.set(p.orderId, (perOrder.get(p.orderId) ?? 0) + 1);
      return {
        orders: byStatus,
        products,
        capturedPayments: payments.filter((p: { status: string }) => p.status === 'CAPTURED').length,
        paymentsPerOrderMax: Math.max(0, ...perOrder.values()),
        oversold: products.filter((p: { available: number }) => p.available < 0).length,
        heldAfterRun: products.reduce((n: number, p: { reserved: number }) => n + p.reserved, 0),
        stockMismatches: products.filter((p: { before: number; available: number; reserved: number; sold: number }) => p.before - p.sold !== p.available + p.reserved).length,
      };
    },
  };
}
