import type { Order, OrderItem, OrderStatusChange } from './generated/prisma/client.js';

/** An order row; `asOfChangeId` set when it describes the order as of one status event. */
export type OrderModel = Order & { asOfChangeId?: bigint };
export type OrderItemModel = OrderItem;
export type OrderStatusChangeModel = OrderStatusChange;
/** Entity references owned by other subgraphs: only the key is known here. */
export interface CustomerRef {
  id: string;
}
export interface ProductRef {
  id: string;
}
export interface MoneyModel {
  amount: number;
  currency: string;
}
