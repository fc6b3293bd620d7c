import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MAX_MONEY_AMOUNT, orderTotal, toApiAmount } from './money.js';

describe('orderTotal', () => {
  it('accepts exactly the largest Int and refuses one more, as BAD_USER_INPUT', () => {
    expect(orderTotal([{ quantity: 21, unitPriceAmount: 100_000_000 }, { quantity: 1, unitPriceAmount: 47_483_647 }])).toBe(BigInt(MAX_MONEY_AMOUNT));
    const refuse = () => orderTotal([{ quantity: 21, unitPriceAmount: 100_000_000 }, { quantity: 1, unitPriceAmount: 47_483_648 }]);
    expect(refuse).toThrow(GraphQLError);
    expect(refuse).toThrow(/2147483648/);
    try {
      refuse();
    } catch (error) {
      expect((error as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'items', maxTotal: MAX_MONEY_AMOUNT });
    }
  });

  it('stays exact far past 2^53 (no float rounding decides what is refused)', () => {
    const line = { quantity: 1000, unitPriceAmount: 2 ** 53 };
    expect(() => orderTotal([line, line])).toThrow(String(2n * 1000n * 2n ** 53n));
  });
});

describe('toApiAmount', () => {
  it('turns a stored bigint into the API Int and refuses what cannot be one', () => {
    expect(toApiAmount(BigInt(MAX_MONEY_AMOUNT))).toBe(MAX_MONEY_AMOUNT);
    expect(toApiAmount(0n)).toBe(0);
    expect(() => toApiAmount(BigInt(MAX_MONEY_AMOUNT) + 1n)).toThrow(RangeError);
    expect(() => toApiAmount(-1n)).toThrow(RangeError);
  });
});
