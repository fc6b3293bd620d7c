import { notFound, requireIdentity } from '@ordergraph/core';
import { channelIterator, customerOrdersChannel, orderChannel, type PubSub } from '@ordergraph/pubsub';
import type { SubscriptionResolvers } from '../generated/graphql.js';
import type { Context } from '../context.js';
import type { OrderModel } from '../mappers.js';
import type { OrderStatusEvent } from '../services/OutboxRelay.js';
import { visibleOrder } from '../services/orderQueries.js';

const events = (pubsub: PubSub, channel: string) =>
  channelIterator<OrderStatusEvent>(pubsub, channel, {
    parse: (message) => JSON.parse(message) as OrderStatusEvent,
    position: (event) => BigInt(event.id),
  });

/** The order as of one event: later changes must not leak into an earlier event. */
async function orderAsOf(event: OrderStatusEvent, { prisma }: Context): Promise<OrderModel> {
  const row = await prisma.order.findUniqueOrThrow({ where: { id: event.orderId } });
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
    subscribe: async (_parent, { orderId }, { identity, loaders, pubsub }) => {
      requireIdentity(identity);
      // Ownership is checked once, when subscribing; the channel carries only this order.
      if (!visibleOrder(identity, await loaders.orderById.load(orderId))) throw notFound('Order', orderId);
      return events(pubsub, orderChannel(orderId));
    },
    resolve: (event: OrderStatusEvent, _args: unknown, context: Context) => orderAsOf(event, context),
  },
  myOrderUpdates: {
    subscribe: (_parent, _args, { identity, pubsub }) => events(pubsub, customerOrdersChannel(requireIdentity(identity).customerId)),
    resolve: (event: OrderStatusEvent, _args: unknown, context: Context) => orderAsOf(event, context),
  },
};
