import { appError, ErrorCode } from '@ordergraph/core';
import type { OrderStatus, Prisma } from '../generated/prisma/client.js';

/** Every legal status change. Anything else is refused. */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ['RESERVED', 'FAILED'],
  RESERVED: ['PAID', 'FAILED'],
  PAID: ['CONFIRMED', 'FAILED'],
  CONFIRMED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
  FAILED: [],
};

export const IN_FLIGHT: OrderStatus[] = ['PENDING', 'RESERVED', 'PAID'];

export const canTransition = (from: OrderStatus, to: OrderStatus) => TRANSITIONS[from].includes(to);

export const ORDER_STATUS_CHANGED = 'OrderStatusChanged';

export interface TransitionOptions {
  reason?: string | null;
  /** Extra conditions the row must meet (e.g. no cancellation requested). */
  where?: Prisma.OrderWhereInput;
  /** Extra columns to set with the status. */
  data?: Prisma.OrderUpdateManyMutationInput;
}

/**
 * Move an order from `from` to `to` inside `tx`: a conditional update (so two writers can
 * never both move it), the history row and the outbox event, all in one transaction.
 * @returns false when the order was no longer in `from` (someone else moved it first).
 */
export async function transition(
  tx: Prisma.TransactionClient,
  order: { id: string; customerId: string },
  from: OrderStatus,
  to: OrderStatus,
  options: TransitionOptions = {},
): Promise<boolean> {
  if (!canTransition(from, to)) {
    throw appError(ErrorCode.ILLEGAL_TRANSITION, `An order cannot go from ${from} to ${to}.`, { details: { from, to } });
  }
  const { count } = await tx.order.updateMany({
    where: { id: order.id, status: from, ...options.where },
    data: { status: to, ...options.data },
  });
  if (count === 0) return false;
  await recordChange(tx, order, from, to, options.reason ?? null);
  return true;
}

/** Append to the order's history and to the outbox (call inside the transaction that changed the status). */
export async function recordChange(
  tx: Prisma.TransactionClient,
  order: { id: string; customerId: string },
  from: OrderStatus | null,
  to: OrderStatus,
  reason: string | null,
): Promise<void> {
  const change = await tx.orderStatusChange.create({ data: { orderId: order.id, from, to, reason } });
  await tx.outboxEvent.create({
    data: {
      aggregateId: order.id,
      type: ORDER_STATUS_CHANGED,
      payload: {
        orderId: order.id,
        customerId: order.customerId,
        changeId: change.id.toString(),
        from,
        to,
        reason,
        at: change.at.toISOString(),
      },
    },
  });
}
