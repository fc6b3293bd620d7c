import { createHash } from 'node:crypto';
import { badInput } from '@ordergraph/core';

export const MAX_LINES = 50;
export const MAX_QUANTITY = 1000;
// Provider tokens: tok_… (simulator, Stripe test tokens) or pm_… (Stripe PaymentMethods); never card numbers.
const PAYMENT_METHOD = /^(tok|pm)_[A-Za-z0-9_]{1,60}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,100}$/;

export interface CreateOrderInput {
  items: Array<{ productId: string; quantity: number }>;
  paymentMethod: string;
  idempotencyKey?: string | null;
}

export interface ValidOrderRequest {
  items: Array<{ productId: string; quantity: number }>;
  paymentMethod: string;
  idempotencyKey: string | null;
  /** Same items and payment method ⇒ same fingerprint (line order does not matter). */
  fingerprint: string;
}

/** Check a createOrder request before anything is written; every error says what was expected. */
export function validateCreateOrder(input: CreateOrderInput): ValidOrderRequest {
  const { items } = input;
  if (items.length === 0 || items.length > MAX_LINES) {
    throw badInput(`An order needs 1 to ${MAX_LINES} lines; received ${items.length}.`, { field: 'items' });
  }
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (!item.productId || item.productId.length > 64) {
      throw badInput(`items[${index}].productId must be a product id; received "${item.productId.slice(0, 64)}".`, { field: `items.${index}.productId` });
    }
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > MAX_QUANTITY) {
      throw badInput(`items[${index}].quantity must be an integer from 1 to ${MAX_QUANTITY}; received ${item.quantity}.`, { field: `items.${index}.quantity` });
    }
    if (seen.has(item.productId)) {
      throw badInput(`Product ${item.productId} appears on more than one line; put the total quantity on one line.`, { field: `items.${index}.productId` });
    }
    seen.add(item.productId);
  });
  if (!PAYMENT_METHOD.test(input.paymentMethod)) {
    throw badInput('paymentMethod must be a card token such as tok_visa or pm_… (never a card number).', { field: 'paymentMethod' });
  }
  const key = input.idempotencyKey ?? null;
  if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
    throw badInput('idempotencyKey must be 1 to 100 printable ASCII characters without spaces (a UUID, for example).', { field: 'idempotencyKey' });
  }
  const canonical = JSON.stringify([
    [...items].sort((a, b) => a.productId.localeCompare(b.productId)).map((i) => [i.productId, i.quantity]),
    input.paymentMethod,
  ]);
  return {
    items: items.map(({ productId, quantity }) => ({ productId, quantity })),
    paymentMethod: input.paymentMethod,
    idempotencyKey: key,
    fingerprint: createHash('sha256').update(canonical).digest('hex'),
  };
}
