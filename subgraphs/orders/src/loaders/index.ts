import DataLoader from 'dataloader';
import { parsePageArgs, type Connection, type DataLoaderConfig } from '@ordergraph/core';
import type { SqlReads } from '@ordergraph/db';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { OrderItemModel, OrderModel, OrderStatusChangeModel } from '../mappers.js';
import { ordersOfCustomers } from '../services/orderQueries.js';

export interface CustomerOrdersKey {
  customerId: string;
  first?: number | null;
  after?: string | null;
}

/** Every column of OrderItem; `unitPriceAmount` (BIGINT) as text, made a BigInt below. */
const ITEMS_BY_ORDER_ID = {
  name: 'orders.itemsByOrderId',
  text: `SELECT "id", "orderId", "position", "productId", "quantity", "unitPriceAmount"::text AS "unitPriceAmount", "currency"
         FROM "OrderItem" WHERE "orderId" = ANY($1::text[]) ORDER BY "orderId", "position"`,
};
type OrderItemRow = Omit<OrderItemModel, 'unitPriceAmount'> & { unitPriceAmount: string };

/**
 * Per-request loaders. Order items, the hot batched read of an order page, go through SqlReads
 * (a prepared statement, not Prisma: see SqlReads for why). `batch: false` (benchmark only)
 * sends one statement per key, to measure what batching saves.
 */
export function createLoaders(prisma: PrismaClient, reads: Pick<SqlReads, 'query'>, { batch }: DataLoaderConfig = { batch: true }) {
  return {
    orderById: new DataLoader<string, OrderModel | null>(async (ids) => {
      const rows = await prisma.order.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }, { batch }),
    itemsByOrderId: new DataLoader<string, OrderItemModel[]>(async (orderIds) => {
      const rows = await reads.query<OrderItemRow>(ITEMS_BY_ORDER_ID, [orderIds]);
      const byOrder = new Map<string, OrderItemModel[]>();
      for (const row of rows) {
        const list = byOrder.get(row.orderId) ?? [];
        list.push({ ...row, unitPriceAmount: BigInt(row.unitPriceAmount) });
        byOrder.set(row.orderId, list);
      }
      return orderIds.map((id) => byOrder.get(id) ?? []);
    }, { batch }),
    historyByOrderId: new DataLoader<string, OrderStatusChangeModel[]>(async (orderIds) => {
      const rows = await prisma.orderStatusChange.findMany({
        where: { orderId: { in: [...orderIds] } },
        orderBy: [{ orderId: 'asc' }, { id: 'asc' }],
      });
      const byOrder = new Map<string, OrderStatusChangeModel[]>();
      for (const row of rows) byOrder.set(row.orderId, [...(byOrder.get(row.orderId) ?? []), row]);
      return orderIds.map((id) => byOrder.get(id) ?? []);
    }, { batch }),
    /** Keys with the same page arguments share one window-function query. */
    ordersByCustomer: new DataLoader<CustomerOrdersKey, Connection<OrderModel>, string>(
      async (keys) => {
        const groups = new Map<string, CustomerOrdersKey[]>();
        for (const key of keys) {
          const group = `${key.first ?? ''}|${key.after ?? ''}`;
          groups.set(group, [...(groups.get(group) ?? []), key]);
        }
        // Each page-argument group fails on its own: one bad cursor must not fail other customers.
        const results = new Map<string, Connection<OrderModel> | Error>();
        await Promise.all(
          [...groups.values()].map(async (group) => {
            const [head] = group as [CustomerOrdersKey];
            try {
              const page = parsePageArgs(head.first, head.after);
              const byCustomer = await ordersOfCustomers(prisma, group.map((k) => k.customerId), page);
              for (const key of group) results.set(cacheKey(key), byCustomer.get(key.customerId)!);
            } catch (error) {
              for (const key of group) results.set(cacheKey(key), error as Error);
            }
          }),
        );
        return keys.map((key) => results.get(cacheKey(key))!);
      },
      { batch, cacheKeyFn: (key) => cacheKey(key) },
    ),
  };
}

const cacheKey = (key: CustomerOrdersKey) => `${key.customerId}|${key.first ?? ''}|${key.after ?? ''}`;

export type Loaders = ReturnType<typeof createLoaders>;
