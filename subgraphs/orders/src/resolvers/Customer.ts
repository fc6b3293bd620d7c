import { canAccess, forbidden } from '@ordergraph/core';
import type { CustomerResolvers } from '../generated/graphql.js';

export const Customer: CustomerResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  orders: (customer, args, { identity, loaders }) => {
    if (!canAccess(identity, customer.id)) throw forbidden("You can only list your own orders.");
    return loaders.ordersByCustomer.load({ customerId: customer.id, first: args.first, after: args.after });
  },
};
