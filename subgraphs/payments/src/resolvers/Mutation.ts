import { requireService } from '@ordergraph/core';
import type { MutationResolvers } from '../generated/graphql.js';
import { validateCharge, validatePaymentRef } from '../services/validation.js';

export const Mutation: MutationResolvers = {
  chargePayment: (_parent, { input }, { caller, payments }) => {
    requireService(caller, 'orders');
    validateCharge(input);
    return payments.charge(input);
  },
  voidPayment: (_parent, { input }, { caller, payments }) => {
    requireService(caller, 'orders');
    validatePaymentRef(input);
    return payments.void(input);
  },
};
