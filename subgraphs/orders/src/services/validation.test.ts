import { describe, expect, it } from 'vitest';
import { MAX_LINES, validateCreateOrder } from './validation.js';

const line = (productId: string, quantity = 1) => ({ productId, quantity });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions?: { code?: string; field?: string } }).extensions;
  }
  return null;
};

describe('validateCreateOrder', () => {
  it('accepts a well-formed request and fingerprints it independently of line order', () => {
    const a = validateCreateOrder({ items: [line('p1', 2), line('p2', 1)], paymentMethod: 'tok_visa', idempotencyKey: 'k-1' });
    const b = validateCreateOrder({ items: [line('p2', 1), line('p1', 2)], paymentMethod: 'tok_visa' });
    expect(a.idempotencyKey).toBe('k-1');
    expect(b.idempotencyKey).toBeNull();
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(validateCreateOrder({ items: [line('p1', 3)], paymentMethod: 'tok_visa' }).fingerprint).not.toBe(a.fingerprint);
    expect(validateCreateOrder({ items: [line('p1', 2), line('p2', 1)], paymentMethod: 'tok_other' }).fingerprint).not.toBe(a.fingerprint);
  });

  it.each([
    ['no lines', { items: [] }, 'items'],
    ['too many lines', { items: Array.from({ length: MAX_LINES + 1 }, (_, i) => line(`p${i}`)) }, 'items'],
    ['zero quantity', { items: [line('p', 0)] }, 'items.0.quantity'],
    ['fractional quantity', { items: [line('p', 1.5)] }, 'items.0.quantity'],
    ['quantity over 1000', { items: [line('p', 1001)] }, 'items.0.quantity'],
    ['duplicate product', { items: [line('p'), line('q'), line('p')] }, 'items.2.productId'],
    ['empty product id', { items: [line('')] }, 'items.0.productId'],
    ['card number', { items: [line('p')], paymentMethod: '4111111111111111' }, 'paymentMethod'],
    ['key with spaces', { items: [line('p')], idempotencyKey: 'has space' }, 'idempotencyKey'],
  ])('refuses %s with BAD_USER_INPUT naming the field', (_name, input, field) => {
    const extensions = codeOf(() => validateCreateOrder({ paymentMethod: 'tok_visa', ...input } as any));
    expect(extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('accepts the boundaries: 50 lines, quantity 1 and 1000, a 100-character key', () => {
    expect(() =>
      validateCreateOrder({
        items: Array.from({ length: MAX_LINES }, (_, i) => line(`p${i}`, i % 2 ? 1 : 1000)),
        paymentMethod: 'tok_visa',
        idempotencyKey: 'k'.repeat(100),
      }),
    ).not.toThrow();
  });
});
