import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { afterCursor, orderCursor, visibleOrder } from './orderQueries.js';
import type { OrderModel } from '../mappers.js';

const order = { id: 'o-1', customerId: 'cust-alice', createdAt: new Date('2026-11-01T09:30:00.000Z') } as OrderModel;

describe('afterCursor', () => {
  it('starts at the top without a cursor', () => {
    expect(afterCursor(null)).toEqual({});
  });

  it('continues strictly after the cursor’s (createdAt, id)', () => {
    const at = new Date('2026-11-01T09:30:00.000Z');
    expect(afterCursor(orderCursor(order))).toEqual({ OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: 'o-1' } }] });
  });

  it.each([
    ['a product cursor (name key)', 'Ember Headphones'],
    ['a number no date can hold', 1e20],
  ])('rejects %s with BAD_USER_INPUT', (_name, k) => {
    let error: unknown;
    try {
      afterCursor({ k, id: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'after' });
  });
});

describe('visibleOrder', () => {
  it('shows an order to its owner and to an ADMIN only', () => {
    expect(visibleOrder({ customerId: 'cust-alice', role: 'CUSTOMER' }, order)).toBe(order);
    expect(visibleOrder({ customerId: 'cust-admin', role: 'ADMIN' }, order)).toBe(order);
    expect(visibleOrder({ customerId: 'cust-bob', role: 'CUSTOMER' }, order)).toBeNull();
    expect(visibleOrder(null, order)).toBeNull();
    expect(visibleOrder({ customerId: 'cust-alice', role: 'CUSTOMER' }, null)).toBeNull();
  });
});
