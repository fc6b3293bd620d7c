import type { Payment } from './generated/prisma/client.js';

export type PaymentModel = Payment;
/** The orders subgraph owns orders: only the key is known here. */
export interface OrderRef {
  id: string;
}
export interface MoneyModel {
  amount: number;
  currency: string;
}
