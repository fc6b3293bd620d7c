import { notFound, requireIdentity } from '@ordergraph/core';
import { channelIterator, customerOrdersChannel, orderChannel } from '@ordergraph/pubsub';
import { markSubscriptionPosition, subscriptionResumePoint } from '@ordergraph/server';
import type { SubscriptionResolvers } from '../generated/graphql.js';
import type { Context } from '../context.js';
import type { OrderModel } from '../mappers.js';
import type { OrderStatusEvent } from '../services/OutboxRelay.js';
import { visibleOrder } from '../services/orderQueries.js';

/** Events replayed on a resume, at most (a reconnection gap is seconds, not a history). */
const MAX_REPLAY = 500;

/**
 * The events of one channel, without repeats (positions are outbox ids, increasing per order).
 * A resumed subscription (the gateway re-subscribing after losing its upstream connection)
 * first gets the published events it missed, read from the outbox.
 */
function events(context: Context, channel: string, missed: (after: ReadonlyMap<string, bigint>) => Promise<OrderStatusEvent[]>) {
  const after = subscriptionResumePoint(context);
  return channelIterator<OrderStatusEvent>(context.pubsub, channel, {
    parse: (message) => JSON.parse(message) as OrderStatusEvent,
    position: (event) => BigInt(event.id),
    stream: (event) => event.orderId,
    ...(after ? { after, replay: () => missed(after) } : {}),
  });
}

async function outboxEvents(context: Context, where: object): Promise<OrderStatusEvent[]> {
  const rows = await context.prisma.outboxEvent.findMany({ where, orderBy: { id: 'asc' }, take: MAX_REPLAY });
  return rows.map((row) => ({ ...(row.payload as Omit<OrderStatusEvent, 'id'>), id: row.id.toString() }));
}

/** The order as of one event: later changes must not leak into an earlier event. */
async function orderAsOf(event: OrderStatusEvent, context: Context): Promise<OrderModel> {
  markSubscriptionPosition(context, event.orderId, BigInt(event.id));
  const row = await context.prisma.order.findUniqueOrThrow({ where: { id: event.orderId } });
  return {
    ...row,
    status: event.to as OrderModel['status'],
    failureReason: event.to === 'FAILED' ? event.reason : row.status === event.to ? row.failureReason : null,
    updatedAt: new Date(event.at),
    asOfChangeId: BigInt(event.changeId),
  };
}

export const Subscription: SubscriptionResolvers = {
  orderStatusChanged: {
    subscribe: async (_parent, { orderId }, context) => {
      const identity = requireIdentity(context.identity);
      // Ownership is checked once, when subscribing; the channel carries only this order.
      if (!visibleOrder(identity, await context.loaders.orderById.load(orderId))) throw notFound('Order', orderId);
      return events(context, orderChannel(orderId), (after) =>
        after.has(orderId) ? outboxEvents(context, { aggregateId: orderId, id: { gt: after.get(orderId) } }) : Promise.resolve([]),
      );
    },
    resolve: (event: OrderStatusEvent, _args: unknown, context: Context) => orderAsOf(event, context),
  },
  myOrderUpdates: {
    subscribe: (_parent, _args, context) => {
      const { customerId } = requireIdentity(context.identity);
      // From the oldest position the subscriber had; what it had per order is skipped.
      return events(context, customerOrdersChannel(customerId), (after) =>
        outboxEvents(context, { id: { gt: [...after.values()].reduce((a, b) => (b < a ? b : a)) }, payload: { path: ['customerId'], equals: customerId } }),
      );
    },
    resolve: (event: OrderStatusEvent, _args: unknown, context: Context) => orderAsOf(event, context),
  },
};
