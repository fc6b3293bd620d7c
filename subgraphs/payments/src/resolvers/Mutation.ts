import { requireService } from '@ordergraph/core';
import type { MutationResolvers } from '../generated/graphql.js';

export const Mutation: MutationResolvers = {
  chargePayment: (_parent, { input }, { caller, payments }) => {
    requireService(caller, 'orders');
    return payments.charge(input);
  },
  voidPayment: (_parent, { input }, { caller, payments }) => {
    requireService(caller, 'orders');
    return payments.void(input);
  },
};
