import { requireService } from '@ordergraph/core';
import type { MutationResolvers } from '../generated/graphql.js';
import type { GraphQLError } from 'graphql';
import type { PaymentResult } from '../services/PaymentService.js';
import { validateCharge, validatePaymentRef } from '../services/validation.js';

/** One order's answer: its result, or its own error's code and message (an uncoded error is reported as INTERNAL_SERVER_ERROR, its message kept back). */
function attempt(orderId: string, answer: PaymentResult | Error) {
  if (!(answer instanceof Error)) return { ...answer, errorCode: null, errorMessage: null };
  const code = (answer as GraphQLError).extensions?.code;
  return typeof code === 'string'
    ? { orderId, status: null, failureReason: null, errorCode: code, errorMessage: answer.message }
    : { orderId, status: null, failureReason: null, errorCode: 'INTERNAL_SERVER_ERROR', errorMessage: 'Internal server error' };
}

export const Mutation: MutationResolvers = {
  chargePayment: (_parent, { input }, { caller, payments }) => {
    requireService(caller, 'orders');
    validateCharge(input);
    return payments.charge(input);
  },
  chargePayments: async (_parent, { inputs }, { caller, payments }) => {
    requireService(caller, 'orders');
    // Each order is checked alone: a bad one gets its own error, the others are charged.
    const valid: number[] = [];
    const checked: Array<PaymentResult | Error | null> = inputs.map((input, i) => {
      try {
        validateCharge(input);
        valid.push(i);
        return null;
      } catch (error) {
        return error as Error;
      }
    });
    const charged = await payments.chargeMany(valid.map((i) => inputs[i]!));
    valid.forEach((i, k) => (checked[i] = charged[k]!));
    return inputs.map(({ orderId }, i) => attempt(orderId, checked[i]!));
  },
  voidPayment: (_parent, { input }, { caller, payments }) => {
    requireService(caller, 'orders');
    validatePaymentRef(input);
    return payments.void(input);
  },
};
