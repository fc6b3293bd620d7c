import type { OrderResolvers } from '../generated/graphql.js';
import { visibleOrder } from '../services/orderQueries.js';

export const Order: OrderResolvers = {
  __resolveReference: async ({ id }, { identity, loaders }) => visibleOrder(identity, await loaders.orderById.load(id)),
  customer: (order) => ({ id: order.customerId }),
  items: (order, _args, { loaders }) => loaders.itemsByOrderId.load(order.id),
  total: (order) => ({ amount: order.totalAmount, currency: order.currency }),
  statusHistory: (order, _args, { loaders }) => loaders.historyByOrderId.load(order.id),
};
