import { canAccess, toApiAmount } from '@ordergraph/core';
import type { PaymentResolvers } from '../generated/graphql.js';

export const Payment: PaymentResolvers = {
  __resolveReference: async ({ id }, { identity, loaders }) => {
    const payment = await loaders.paymentById.load(id);
    return payment && canAccess(identity, payment.customerId) ? payment : null;
  },
  amount: (payment) => ({ amount: toApiAmount(payment.amount), currency: payment.currency }),
  order: (payment) => ({ id: payment.orderId }),
};
