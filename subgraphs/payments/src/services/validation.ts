import { badInput, MAX_MONEY_AMOUNT } from '@ordergraph/core';

const CURRENCY = /^[A-Z]{3}$/;
const PAYMENT_METHOD = /^tok_[A-Za-z0-9_]{1,60}$/;

interface PaymentRefInput {
  amount: number;
  currency: string;
}

/**
 * Bounds of the internal payment operations' input: only the orders service may call them, but a
 * bug there must still meet a coded error, not a provider call with a nonsense amount.
 */
export function validatePaymentRef(input: PaymentRefInput): void {
  if (!Number.isInteger(input.amount) || input.amount < 0 || input.amount > MAX_MONEY_AMOUNT) {
    throw badInput(`"amount" must be an integer from 0 to ${MAX_MONEY_AMOUNT} (minor units); received ${input.amount}.`, { field: 'amount' });
  }
  if (!CURRENCY.test(input.currency)) {
    throw badInput(`"currency" must be an ISO 4217 code such as USD; received "${input.currency.slice(0, 16)}".`, { field: 'currency' });
  }
}

export function validateCharge(input: PaymentRefInput & { paymentMethod: string }): void {
  validatePaymentRef(input);
  if (!PAYMENT_METHOD.test(input.paymentMethod)) {
    throw badInput('"paymentMethod" must be a card token such as tok_visa.', { field: 'paymentMethod' });
  }
}
