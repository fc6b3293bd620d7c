import type { Identity } from '@ordergraph/core';
import type { SqlReads } from '@ordergraph/db';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { OrderModel, OrderStatusChangeModel } from '../mappers.js';
import type { OrderStatusEvent } from './OutboxRelay.js';
import { listOrders, type ListOrdersArgs } from './orderQueries.js';

/** Events replayed on a resume, at most (a reconnection gap is seconds, not a history). */
const MAX_REPLAY = 500;

/**
 * The reads resolvers need beyond the per-request loaders: order lists, the outbox events a
 * resumed subscription missed, and an order as of one of its status events. Resolvers call
 * this service; they never query Prisma themselves.
 */
export class OrderReads {
  constructor(
    private readonly prisma: PrismaClient,
    /** Order pages go through SqlReads (prepared statements, see listOrders). */
    private readonly sql: Pick<SqlReads, 'query'>,
  ) {}

  /** The caller's orders, newest first; an ADMIN sees every customer's. */
  list(identity: Identity | null, args: ListOrdersArgs) {
    return listOrders(this.sql, identity, args);
  }

  /** Published events of one order after outbox id `after`, oldest first. */
  eventsOfOrderAfter(orderId: string, after: bigint): Promise<OrderStatusEvent[]> {
    return this.outboxEvents({ aggregateId: orderId, id: { gt: after } });
  }

  /** Events of every order of one customer after outbox id `after`, oldest first. */
  eventsOfCustomerAfter(customerId: string, after: bigint): Promise<OrderStatusEvent[]> {
    return this.outboxEvents({ id: { gt: after }, payload: { path: ['customerId'], equals: customerId } });
  }

  /** The order as of one event: later changes must not leak into an earlier event. */
  async asOf(event: OrderStatusEvent): Promise<OrderModel> {
    const row = await this.prisma.order.findUniqueOrThrow({ where: { id: event.orderId } });
    return {
      ...row,
      status: event.to as OrderModel['status'],
      failureReason: event.to === 'FAILED' ? event.reason : row.status === event.to ? row.failureReason : null,
      updatedAt: new Date(event.at),
      asOfChangeId: BigInt(event.changeId),
    };
  }

  /** The order's history up to and including change `changeId`, read fresh (not from a long-lived loader). */
  historyUpTo(orderId: string, changeId: bigint): Promise<OrderStatusChangeModel[]> {
    return this.prisma.orderStatusChange.findMany({ where: { orderId, id: { lte: changeId } }, orderBy: { id: 'asc' } });
  }

  private async outboxEvents(where: NonNullable<Parameters<PrismaClient['outboxEvent']['findMany']>[0]>['where']): Promise<OrderStatusEvent[]> {
    const rows = await this.prisma.outboxEvent.findMany({ where, orderBy: { id: 'asc' }, take: MAX_REPLAY });
    return rows.map((row) => ({ ...(row.payload as Omit<OrderStatusEvent, 'id'>), id: row.id.toString() }));
  }
}
