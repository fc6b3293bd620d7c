import type { QueryResolvers } from '../generated/graphql.js';
import { listOrders, visibleOrder } from '../services/orderQueries.js';

export const Query: QueryResolvers = {
  order: async (_parent, { id }, { identity, loaders }) => visibleOrder(identity, await loaders.orderById.load(id)),
  orders: (_parent, args, { identity, prisma }) => listOrders(prisma, identity, args),
};
