import { canAccess } from '@ordergraph/core';
import type { OrderResolvers } from '../generated/graphql.js';

export const Order: OrderResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  // Payments keep their own owner, so access holds even for a request that skips the orders subgraph.
  payment: async (order, _args, { identity, loaders }) => {
    const payment = await loaders.paymentByOrderId.load(order.id);
    return payment && canAccess(identity, payment.customerId) ? payment : null;
  },
};
