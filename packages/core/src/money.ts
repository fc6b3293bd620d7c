import { badInput } from './errors.js';

/**
 * The largest amount (minor units) the API can show: `Money.amount` is a GraphQL `Int`, 32 bits.
 * Columns are 64-bit (BIGINT) so no accepted input can overflow them; amounts above this are
 * refused where they would be created (an order's total), so every stored amount can be shown.
 */
export const MAX_MONEY_AMOUNT = 2_147_483_647;

/** A stored amount (Prisma BigInt) as the API's Int; one above the maximum is a bug, not input. */
export function toApiAmount(amount: bigint | number): number {
  const value = Number(amount);
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_MONEY_AMOUNT) {
    throw new RangeError(`Stored amount ${String(amount)} is outside 0..${MAX_MONEY_AMOUNT}.`);
  }
  return value;
}

/**
 * Σ quantity × unit price in exact integer arithmetic (bigint: no rounding past 2^53), refused as
 * BAD_USER_INPUT above MAX_MONEY_AMOUNT, before anything is reserved or charged.
 */
export function orderTotal(lines: ReadonlyArray<{ quantity: number; unitPriceAmount: number | bigint }>): bigint {
  let total = 0n;
  for (const line of lines) total += BigInt(line.quantity) * BigInt(line.unitPriceAmount);
  if (total > BigInt(MAX_MONEY_AMOUNT)) {
    throw badInput(`The order's total (${total} minor units) is above the most one order may hold, ${MAX_MONEY_AMOUNT}; split it into smaller orders.`, {
      field: 'items',
      maxTotal: MAX_MONEY_AMOUNT,
    });
  }
  return total;
}
