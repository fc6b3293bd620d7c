import { notFound, requireIdentity } from '@ordergraph/core';
import { channelIterator, customerOrdersChannel, orderChannel } from '@ordergraph/pubsub';
import { markSubscriptionPosition, subscriptionResumePoint } from '@ordergraph/subgraph';
import type { SubscriptionResolvers } from '../generated/graphql.js';
import type { Context } from '../context.js';
import type { OrderModel } from '../mappers.js';
import type { OrderStatusEvent } from '../services/OutboxRelay.js';
import { visibleOrder } from '../services/orderQueries.js';

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

/** The order as of one event; the event's position is marked delivered for a later resume. */
function orderAsOf(event: OrderStatusEvent, context: Context): Promise<OrderModel> {
  markSubscriptionPosition(context, event.orderId, BigInt(event.id));
  return context.reads.asOf(event);
}

export const Subscription: SubscriptionResolvers = {
  orderStatusChanged: {
    subscribe: async (_parent, { orderId }, context) => {
      const identity = requireIdentity(context.identity);
      // Ownership is checked once, when subscribing; the channel carries only this order.
      if (!visibleOrder(identity, await context.loaders.orderById.load(orderId))) throw notFound('Order', orderId);
      return events(context, orderChannel(orderId), (after) =>
        after.has(orderId) ? context.reads.eventsOfOrderAfter(orderId, after.get(orderId)!) : Promise.resolve([]),
      );
    },
    resolve: (event: OrderStatusEvent, _args: unknown, context: Context) => orderAsOf(event, context),
  },
  myOrderUpdates: {
    subscribe: (_parent, _args, context) => {
      const { customerId } = requireIdentity(context.identity);
      // From the oldest position the subscriber had; what it had per order is skipped.
      return events(context, customerOrdersChannel(customerId), (after) =>
        context.reads.eventsOfCustomerAfter(customerId, [...after.values()].reduce((a, b) => (b < a ? b : a))),
      );
    },
    resolve: (event: OrderStatusEvent, _args: unknown, context: Context) => orderAsOf(event, context),
  },
};
