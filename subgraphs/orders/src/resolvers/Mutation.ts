import { notFound, requireAdmin, requireIdentity } from '@ordergraph/core';
import type { MutationResolvers } from '../generated/graphql.js';
import type { Context } from '../context.js';
import { visibleOrder } from '../services/orderQueries.js';

/** The order if the caller may act on it; another customer's order is reported as not found. */
async function ownOrder(id: string, { identity, loaders }: Context) {
  requireIdentity(identity);
  const order = visibleOrder(identity, await loaders.orderById.load(id));
  if (!order) throw notFound('Order', id);
  return order;
}

async function adminOrder(id: string, context: Context) {
  requireAdmin(context.identity);
  return ownOrder(id, context);
}

export const Mutation: MutationResolvers = {
  createOrder: (_parent, { input }, { identity, saga }) => saga.place(requireIdentity(identity), input),
  cancelOrder: async (_parent, { id }, context) => context.saga.cancel(await ownOrder(id, context)),
  shipOrder: async (_parent, { id }, context) => context.saga.fulfil(await adminOrder(id, context), 'SHIPPED'),
  deliverOrder: async (_parent, { id }, context) => context.saga.fulfil(await adminOrder(id, context), 'DELIVERED'),
};
