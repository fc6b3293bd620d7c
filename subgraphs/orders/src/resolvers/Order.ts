import { toApiAmount } from '@ordergraph/core';
import type { OrderResolvers } from '../generated/graphql.js';
import { visibleOrder } from '../services/orderQueries.js';

export const Order: OrderResolvers = {
  __resolveReference: async ({ id }, { identity, loaders }) => visibleOrder(identity, await loaders.orderById.load(id)),
  customer: (order) => ({ id: order.customerId }),
  items: (order, _args, { loaders }) => loaders.itemsByOrderId.load(order.id),
  total: (order) => ({ amount: toApiAmount(order.totalAmount), currency: order.currency }),
  // A subscription event shows the history up to its own change, read fresh (not from a loader
  // that lives as long as the subscription).
  statusHistory: (order, _args, { loaders, prisma }) =>
    order.asOfChangeId === undefined
      ? loaders.historyByOrderId.load(order.id)
      : prisma.orderStatusChange.findMany({ where: { orderId: order.id, id: { lte: order.asOfChangeId } }, orderBy: { id: 'asc' } }),
};
